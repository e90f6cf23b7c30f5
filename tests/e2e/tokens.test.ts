import { graphql } from '../helpers/hub';
import { hub, targets, sign } from './access/setup';

describe('tokens', () => {
  const cases: [string, () => Promise<string>][] = [
    [
      'an expired token',
      () => sign({ role: 'admin' }, process.env.JWT_SECRET!, Math.floor(Date.now() / 1000) - 60),
    ],
    ['a token signed with another secret', () => sign({ role: 'admin' }, 'x'.repeat(40))],
    [
      'a tampered token',
      async () => {
        const [h, , s] = (await sign({ role: 'analyst' })).split('.');
        const payload = Buffer.from(JSON.stringify({ role: 'admin', sub: 't', exp: 9999999999 })).toString(
          'base64url',
        );
        return `${h}.${payload}.${s}`;
      },
    ],
    ['a token with an unknown role', () => sign({ role: 'superuser' })],
    ['a partner token without organization', () => sign({ role: 'partner' })],
    [
      'an unsigned token',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"admin","sub":"t","exp":9999999999}').toString('base64url')}.`,
    ],
  ];

  it.each(cases)(
    'refuses %s with 401 UNAUTHENTICATED, at the gateway and at the subgraph',
    async (_label, make) => {
      const token = await make();
      for (const server of Object.values(targets())) {
        const res = await graphql(server, '{ places(first: 1) { totalCount } }', undefined, {
          authorization: `Bearer ${token}`,
        });
        expect(res.status).toBe(401);
        expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data ?? null).toBeNull();
      }
    },
  );

  it('refuses a malformed Authorization header rather than treating the caller as public', async () => {
    const res = await hub.query('{ places(first: 1) { totalCount } }', undefined, {
      authorization: 'Basic abc',
    });
    expect(res.status).toBe(401);
  });

  it('lets a caller without a token read public data', async () => {
    const res = await hub.query('{ places(first: 1) { totalCount } }');
    expect(res.status).toBe(200);
    expect(res.data.places.totalCount).toBeGreaterThan(0);
  });
});
