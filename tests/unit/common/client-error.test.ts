import { buildSchema, graphql, locatedError } from 'graphql';
import { clientError } from '../../../common/client-error';

describe('clientError', () => {
  it('carries no stack frames, and restores the stack trace limit', () => {
    const limit = Error.stackTraceLimit;
    const error = clientError('Person.email is personal data', { extensions: { code: 'FORBIDDEN' } });
    expect(error.stack).toBe('GraphQLError: Person.email is personal data');
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });

  it('given the resolver info, is located as GraphQL would locate it, and kept as it is', async () => {
    const schema = buildSchema('type Person { email: String } type Query { people: [Person] }');
    const thrown: unknown[] = [];
    // The default resolver calls a function property with (args, context, info).
    const email = (_args: unknown, _context: unknown, info: any) => {
      const error = clientError('Person.email is personal data', { extensions: { code: 'FORBIDDEN' } }, info);
      thrown.push(error);
      throw error;
    };
    const result = await graphql({
      schema,
      source: '{ people { email } }',
      rootValue: { people: [{ email }, { email }] },
    });
    expect(result.data).toEqual({ people: [{ email: null }, { email: null }] });
    expect(result.errors?.map((e) => e.path)).toEqual([
      ['people', 0, 'email'],
      ['people', 1, 'email'],
    ]);
    expect(result.errors?.[0].locations).toEqual([{ line: 1, column: 12 }]);
    // Not wrapped: the very error thrown reaches the response.
    expect(result.errors).toEqual(thrown);
    expect(result.errors?.[0]).toBe(thrown[0]);
    const unlocated = clientError('x');
    expect(locatedError(unlocated, [], ['a'])).not.toBe(unlocated);
  });
});
