import request from 'supertest';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import structureSchema from '../../subgraphs/places/exchange/reference/data-inclusion.v1.structure.schema.json';
import serviceSchema from '../../subgraphs/places/exchange/reference/data-inclusion.v1.service.schema.json';
import { checkStandardRecord, STANDARD_FIELD_NAMES } from '../../subgraphs/places/exchange/table-schema';
import { startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';

let hub: Hub;
let placeCount: number;

const get = (path: string, headers: Record<string, string> = {}) =>
  request(hub.gateway.http)
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });

/** A JSON record of the standard as its CSV cells: numbers as text, null as empty. */
const asCells = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v == null ? '' : String(v)]));

beforeAll(async () => {
  hub = await startHub();
  const [row] = await hub.subgraphs.places.db.orm.em
    .fork()
    .getConnection()
    .execute<{ n: string }[]>('select count(*)::text as n from place');
  placeCount = Number(row.n);
});

afterAll(async () => {
  await hub?.stop();
});

describe('exports on the gateway host', () => {
  it('gives every place as national-standard CSV, every record valid against the Table Schema', async () => {
    const res = await get('/exports/lieux-mediation-numerique.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: string[][] = parse(res.body as string, { relax_column_count: false });
    expect(rows[0]).toEqual(STANDARD_FIELD_NAMES);
    const records = rows.slice(1).map((r) => Object.fromEntries(r.map((v, i) => [rows[0][i], v])));
    expect(records).toHaveLength(placeCount);
    const invalid = records.flatMap((r) => checkStandardRecord(r).map((p) => ({ id: r.id, ...p })));
    expect(invalid).toEqual([]);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it('gives the same records as JSON, valid too', async () => {
    const res = await get('/exports/lieux-mediation-numerique.json');
    expect(res.status).toBe(200);
    const records: Record<string, unknown>[] = JSON.parse(res.body as string);
    expect(records).toHaveLength(placeCount);
    for (const record of records) expect(Object.keys(record)).toEqual(STANDARD_FIELD_NAMES);
    const invalid = records.flatMap((r) => checkStandardRecord(asCells(r)).map((p) => ({ id: r.id, ...p })));
    expect(invalid).toEqual([]);
    expect(records.every((r) => r.latitude == null || typeof r.latitude === 'number')).toBe(true);
  });

  it('gives data·inclusion v1 structures and services, each valid against its JSON schema', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validStructure = ajv.compile(structureSchema) as ((x: unknown) => boolean) & { errors?: unknown };
    const validService = ajv.compile(serviceSchema) as ((x: unknown) => boolean) & { errors?: unknown };

    const structures: { id: string }[] = JSON.parse(
      (await get('/exports/data-inclusion/structures.json')).body,
    );
    expect(structures).toHaveLength(placeCount);
    const badStructures = structures.flatMap((s) =>
      validStructure(s) ? [] : [{ id: s.id, errors: validStructure.errors }],
    );
    expect(badStructures).toEqual([]);

    const services: { id: string; structure_id: string }[] = JSON.parse(
      (await get('/exports/data-inclusion/services.json')).body,
    );
    expect(services.length).toBeGreaterThan(0);
    const badServices = services.flatMap((s) =>
      validService(s) ? [] : [{ id: s.id, errors: validService.errors }],
    );
    expect(badServices).toEqual([]);
    const ids = new Set(structures.map((s) => s.id));
    expect(services.every((s) => ids.has(s.structure_id))).toBe(true);
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
  });

  it('answers 304 to a harvester holding the current ETag or date, 200 once a place changes', async () => {
    const first = await get('/exports/lieux-mediation-numerique.csv');
    const { etag, 'last-modified': lastModified } = first.headers;
    expect(etag).toBeTruthy();
    expect(lastModified).toBeTruthy();
    expect((await get('/exports/lieux-mediation-numerique.csv', { 'if-none-match': etag })).status).toBe(304);
    expect(
      (await get('/exports/lieux-mediation-numerique.csv', { 'if-modified-since': lastModified })).status,
    ).toBe(304);

    const [place] = await hub.subgraphs.places.db.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>('select id::text as id from place order by id limit 1');
    await new Promise((r) => setTimeout(r, 1100));
    const updated = await hub.query(
      `mutation($id: ID!) { updatePlace(id: $id, input: { summary: "Mis à jour" }) { id } }`,
      { id: place.id },
      await bearer('admin'),
    );
    expect(updated.errors).toBeUndefined();
    const after = await get('/exports/lieux-mediation-numerique.csv', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(
      (await get('/exports/lieux-mediation-numerique.csv', { 'if-modified-since': lastModified })).status,
    ).toBe(200);
  });

  it('answers 404 for an unknown export', async () => {
    expect((await get('/exports/nope.csv')).status).toBe(404);
  });
});
