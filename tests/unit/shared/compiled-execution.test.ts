import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { compiledExecution, executorFromEnv } from '../../../subgraphs/shared/compiled-execution';

const schema = buildSchema(`type Query { hello(name: String!): String! count: Int! }`);
Object.assign(schema.getQueryType()!.getFields().hello, {
  resolve: (_: unknown, { name }: { name: string }) => `bonjour ${name}`,
});
Object.assign(schema.getQueryType()!.getFields().count, {
  resolve: () => {
    throw new Error('no database');
  },
});

describe('compiled execution', () => {
  it('keeps at most its capacity of compiled operations', async () => {
    const gateway = compiledExecution(schema, 3);
    const apollo = new ApolloServer({ gateway });
    await apollo.start();
    try {
      for (let i = 0; i < 10; i++) {
        const res = await apollo.executeOperation({ query: `query Q${i} { hello(name: "n${i}") }` });
        expect(res.body).toMatchObject({ singleResult: { data: { hello: `bonjour n${i}` } } });
      }
      expect(gateway.compiledOperations).toBe(3);
    } finally {
      await apollo.stop();
    }
  });

  it('answers a refused variable and a failing resolver as graphql-js does', async () => {
    const compiled = new ApolloServer({ gateway: compiledExecution(schema) });
    const interpreted = new ApolloServer({ schema });
    await Promise.all([compiled.start(), interpreted.start()]);
    try {
      const requests: { query: string; variables?: Record<string, unknown> }[] = [
        { query: 'query($n: String!) { hello(name: $n) }', variables: { n: 3 } },
        { query: 'query($n: String!) { hello(name: $n) }', variables: {} },
        { query: '{ count hello(name: "x") }' },
      ];
      for (const request of requests) {
        const [a, b] = await Promise.all([
          compiled.executeOperation(request),
          interpreted.executeOperation(request),
        ]);
        expect(a.http.status).toBe(b.http.status);
        expect(JSON.parse(JSON.stringify(a.body))).toEqual(JSON.parse(JSON.stringify(b.body)));
      }
    } finally {
      await Promise.all([compiled.stop(), interpreted.stop()]);
    }
  });

  it('reads GRAPHQL_EXECUTOR: jit by default, graphql-js on demand, anything else refused', () => {
    expect(executorFromEnv({})).toBe('jit');
    expect(executorFromEnv({ GRAPHQL_EXECUTOR: 'graphql-js' })).toBe('graphql-js');
    expect(() => executorFromEnv({ GRAPHQL_EXECUTOR: 'fast' })).toThrow(/GRAPHQL_EXECUTOR/);
  });
});
