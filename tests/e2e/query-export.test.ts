import ExcelJS from 'exceljs';
import request from 'supertest';
import { startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';

let hub: Hub;
let analyst: Record<string, string>;

const sql = async <T = any>(subgraph: 'places' | 'people', text: string): Promise<T[]> =>
  (await hub.subgraphs[subgraph].db.orm.em.fork().getConnection().execute(text)) as T[];

beforeAll(async () => {
  process.env.MAX_PAGE_SIZE = '1000';
  analyst = await bearer('analyst');
  hub = await startHub();
});

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  delete process.env.EXPORT_MAX_ROWS;
  await hub?.stop();
});

const PLACES = `query Places($after: String) { places(first: 100, after: $after) {
  edges { node { id name communeName typologies services } } pageInfo { hasNextPage endCursor } } }`;
const ACTIVITIES = `query Activities($after: String) { activities(first: 1000, after: $after) {
  edges { node { id date type themes participantsCount person { id } } } pageInfo { hasNextPage endCursor } } }`;

const exportOf = (format: 'csv' | 'xlsx', query: string, headers: Record<string, string> = {}) =>
  request(hub.gateway.http)
    .post(`/exports/query.${format}`)
    .set({ 'content-type': 'application/json', ...headers })
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .send({ query });

describe('spreadsheet exports', () => {
  it('downloads every page of the places as CSV with a BOM, columns named by field path', async () => {
    const res = await exportOf('csv', PLACES);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,name,communeName,typologies,services');
    const [{ n }] = await sql<{ n: string }>('places', 'select count(*) as n from place');
    expect(Number(n)).toBeGreaterThan(100);
    expect(lines).toHaveLength(Number(n) + 1);
    expect(res.headers['x-export-rows']).toBe(String(n));
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(Number(n));
    expect(text).toMatch(/Agen/);
  });

  it('downloads all activity reports as XLSX for an analyst, and refuses the public as the query does', async () => {
    const res = await exportOf('xlsx', ACTIVITIES, analyst);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('export')!;
    const [{ n }] = await sql<{ n: string }>('people', 'select count(*) as n from activity');
    expect(sheet.rowCount).toBe(Number(n) + 1);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'id',
      'date',
      'type',
      'themes',
      'participantsCount',
      'person.id',
    ]);

    const anonymous = await exportOf('csv', ACTIVITIES);
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
    expect(anonymous.status).toBeLessThan(500);
  });

  it('stops at EXPORT_MAX_ROWS and says so', async () => {
    process.env.EXPORT_MAX_ROWS = '150';
    try {
      const res = await exportOf('csv', PLACES);
      expect(res.status).toBe(200);
      expect(res.headers['x-export-truncated']).toBe('true');
      expect((res.body as Buffer).toString('utf8').trimEnd().split('\r\n')).toHaveLength(151);
    } finally {
      delete process.env.EXPORT_MAX_ROWS;
    }
  });

  it('answers 400 to a query without a list or without $after when there are more pages', async () => {
    expect((await exportOf('csv', '{ departement(code: "47") { name } }')).status).toBe(400);
    const noAfter = await exportOf(
      'csv',
      '{ places(first: 10) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(noAfter.status).toBe(400);
    expect(JSON.parse((noAfter.body as Buffer).toString('utf8')).error).toMatch(/\$after/);
  });
});
