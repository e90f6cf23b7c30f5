import request from 'supertest';
import { EXPLORER_CSP } from '../../gateway/explorer';
import { createGateway, type Gateway } from '../../gateway/gateway';
import { readSupergraph } from '../../gateway/supergraph';

// The explorer's routes at the HTTP level (the browser test drives the page itself); no subgraph needed.
const gateways: Gateway[] = [];
const gatewayWith = async (config: Partial<Parameters<typeof createGateway>[0]>) => {
  const gateway = await createGateway({ supergraphSdl: readSupergraph(), ...config });
  gateways.push(gateway);
  return gateway;
};

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
});

describe('the explorer routes', () => {
  it('send a browser opening /graphql to the explorer page, under a self-only policy', async () => {
    const gateway = await gatewayWith({ explorer: true });
    const res = await request(gateway.http).get('/graphql').set('accept', 'text/html,application/xhtml+xml');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/explorer/');
    const page = await request(gateway.http).get('/explorer/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(EXPLORER_CSP);
    expect(page.text).toContain('<script src="/explorer/app.js"></script>');
    expect(EXPLORER_CSP).not.toMatch(/https?:|\*|unsafe/);
  });

  it('offer every example, and say so when the assets are not built', async () => {
    const gateway = await gatewayWith({ explorer: { assetsDir: '/nonexistent' } });
    const examples = await request(gateway.http).get('/explorer/examples.json');
    expect(examples.body.map((e: any) => e.operationName)).toContain('FneReport');
    const app = await request(gateway.http).get('/explorer/app.js');
    expect(app.status).toBe(503);
    expect(app.text).toMatch(/npm run build/);
  });

  it('leave a GraphQL GET alone', async () => {
    const gateway = await gatewayWith({ explorer: true });
    const res = await request(gateway.http)
      .get('/graphql?query=%7B__typename%7D')
      .set('accept', 'text/html, application/json')
      .set('apollo-require-preflight', 'true');
    expect(res.status).not.toBe(302);
  });

  it('are off when the explorer is (production, unless enabled)', async () => {
    const gateway = await gatewayWith({ introspection: false });
    expect((await request(gateway.http).get('/explorer/')).status).toBe(404);
    const res = await request(gateway.http).get('/graphql').set('accept', 'text/html');
    expect(res.status).not.toBe(302);
    expect(res.text).not.toMatch(/cdn|apollographql\.com/i);
  });
});
