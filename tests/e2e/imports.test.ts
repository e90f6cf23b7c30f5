import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { stableId } from '../../seeds/ids';
import { STANDARD_FIELD_NAMES } from '../../subgraphs/places/exchange/table-schema';
import { runImport } from '../../subgraphs/places/import/run';
import { luhnValid } from '../../subgraphs/shared/siret';
import { startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';

let hub: Hub;
let admin: Record<string, string>;

const EXAMPLE = resolve(
  __dirname,
  '../../subgraphs/places/exchange/reference/lieux-mediation-numerique.exemple-valide.csv',
);

/** The published valid example, moved to Agen so that it is inside the hub's territory. */
function exampleIn47(overrides: Record<string, string> = {}): Record<string, string> {
  const [row] = parse(readFileSync(EXAMPLE), { columns: true }) as Record<string, string>[];
  return {
    ...row,
    commune: 'Agen',
    code_postal: '47000',
    code_insee: '47001',
    latitude: '44.20310',
    longitude: '0.61630',
    ...overrides,
  };
}

const csvCell = (v: string) => (/[";\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A partner-style CSV: BOM, `;` separators, CRLF. */
function toCsv(rows: Record<string, string>[], header = STANDARD_FIELD_NAMES as string[]): string {
  return `\uFEFF${[header.join(';'), ...rows.map((r) => header.map((h) => csvCell(r[h] ?? '')).join(';'))].join('\r\n')}\r\n`;
}

const sql = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
  hub.subgraphs.places.db.orm.em.fork().getConnection().execute<T[]>(text, params);

const counts = async () => {
  const [row] = await sql<{ places: string; sources: string; updated: string }>(
    `select (select count(*) from place)::text as places, (select count(*) from place_source)::text as sources,
            (select coalesce(max(updated_at)::text, '') from place) as updated`,
  );
  return row;
};

const upload = (body: string | Buffer, query: string, headers: Record<string, string> = admin) =>
  request(hub.gateway.http)
    .post(`/imports/places?${query}`)
    .set({ 'content-type': 'text/csv', ...headers })
    .send(body);

const exportCsv = async () =>
  (
    await request(hub.gateway.http)
      .get('/exports/lieux-mediation-numerique.csv')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      })
  ).body as string;

beforeAll(async () => {
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('importing places', () => {
  it('imports a valid file over HTTP, then reports everything unchanged the second time', async () => {
    const rows = [
      exampleIn47({ id: 'imp-1', presentation_detail: 'Deux lignes\nde présentation ; avec "guillemets"' }),
      exampleIn47({
        id: 'imp-2',
        nom: 'Médiathèque de Nérac',
        commune: 'Nérac',
        code_postal: '47600',
        code_insee: '',
        latitude: '44.1361',
        longitude: '0.3394',
        pivot: '21470195700018',
        telephone: '05 53 97 40 50',
        services: 'aide aux demarches administratives',
      }),
      exampleIn47({ id: 'imp-3', commune: 'Reims', code_postal: '51100', code_insee: '51454' }),
      exampleIn47({
        id: 'imp-4',
        pivot: '43493312300028',
        nom: 'Autre lieu',
        latitude: '44.3',
        longitude: '0.5',
      }),
    ];
    const first = await upload(toCsv(rows), 'source=partner-test&file=lieux.csv');
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({
      rows: 4,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      skipped: 1,
      merged: 0,
    });
    expect(first.body.rejected).toEqual([
      expect.objectContaining({
        row: 6,
        id: 'imp-4',
        field: 'pivot',
        value: '43493312300028',
        problem: expect.stringContaining('check digit'),
      }),
    ]);
    expect(first.body.skipped).toEqual([expect.objectContaining({ id: 'imp-3' })]);
    expect(first.body.normalised).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'imp-2',
          field: 'telephone',
          from: '05 53 97 40 50',
          to: '+33553974050',
        }),
        expect.objectContaining({ id: 'imp-2', field: 'code_insee', to: '47195' }),
        expect.objectContaining({ id: 'imp-2', field: 'services', to: 'Aide aux démarches administratives' }),
      ]),
    );

    const before = await counts();
    const second = await upload(toCsv(rows), 'source=partner-test&file=lieux.csv');
    expect(second.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, merged: 0 });
    expect(await counts()).toEqual(before);

    const [{ place_id }] = await sql<{ place_id: string }>(
      `select place_id::text from place_source where source_id = 'imp-1'`,
    );
    const read = await hub.query(
      `query($id: ID!) { place(id: $id) { name description inseeCode sources { source sourceId file row importId } } }`,
      { id: place_id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.place).toMatchObject({
      description: 'Deux lignes\nde présentation ; avec "guillemets"',
      inseeCode: '47001',
      sources: [
        {
          source: 'partner-test',
          sourceId: 'imp-1',
          file: 'lieux.csv',
          row: 3,
          importId: first.body.importId,
        },
      ],
    });
    const imports = await hub.query(
      `{ placeImports(source: "partner-test") { id status counts { created unchanged rejected } report } }`,
      {},
      admin,
    );
    expect(imports.errors).toBeUndefined();
    expect(imports.data.placeImports.map((i: any) => i.counts)).toEqual([
      { created: 0, unchanged: 2, rejected: 1 },
      { created: 2, unchanged: 0, rejected: 1 },
    ]);
    expect(imports.data.placeImports[1].report.rejected[0].field).toBe('pivot');
    expect((await hub.query(`{ placeImports { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps every field of a valid file: export(import(file)) gives the file back', async () => {
    const row = exampleIn47({
      id: 'roundtrip-1',
      pivot: '21470195700018',
      nom: 'Tiers-lieu du round trip',
      latitude: '44.40000',
      longitude: '0.40000',
      code_postal: '47200',
      code_insee: '47157',
      commune: 'Marmande',
    });
    const res = await upload(toCsv([row]), 'source=roundtrip&strict=true');
    expect(res.body.counts).toMatchObject({ created: 1, rejected: 0 });
    const exported: Record<string, string>[] = parse(await exportCsv(), { columns: true });
    const back = exported.find((r) => r.id === 'roundtrip-1')!;
    for (const field of STANDARD_FIELD_NAMES) {
      const expected = ['latitude', 'longitude'].includes(field) ? String(Number(row[field])) : row[field];
      expect({ field, value: back[field] }).toEqual({ field, value: expected });
    }
  });

  it('changes nothing when the export is imported back: import(export) is a no-op', async () => {
    const csv = await exportCsv();
    const before = await counts();
    const res = await upload(csv, 'source=hub-export');
    expect(res.status).toBe(200);
    const total = parse(csv, { columns: true }).length;
    expect(res.body.rejected).toEqual([]);
    expect(res.body.counts).toEqual({
      rows: total,
      created: 0,
      updated: 0,
      unchanged: total,
      rejected: 0,
      skipped: 0,
      merged: 0,
    });
    const after = await counts();
    expect({ places: after.places, updated: after.updated }).toEqual({
      places: before.places,
      updated: before.updated,
    });
    expect(await exportCsv()).toBe(csv);
  });

  it('merges a record of another source that is the same place (same SIRET, a few metres away)', async () => {
    const row = exampleIn47({
      id: 'other-source-9',
      pivot: '21470195700018',
      nom: 'Tiers lieu du round-trip',
      latitude: '44.40010',
      longitude: '0.40010',
      code_postal: '47200',
      code_insee: '47157',
      commune: 'Marmande',
      date_maj: '2020-01-01',
      complement_adresse: '',
    });
    const before = await counts();
    const res = await upload(toCsv([row]), 'source=other');
    expect(res.body.counts).toMatchObject({ merged: 1, created: 0 });
    expect(res.body.merged[0].reason).toMatch(/same SIRET 21470195700018, \d+ m apart.*older/);
    expect((await counts()).places).toBe(before.places);
    const [place] = await sql<{ name: string; updated_on: string }>(
      `select name, updated_on from place p join place_source s on s.place_id = p.id where s.source = 'other'`,
    );
    // The older record never overwrites the fresher place.
    expect(place).toEqual({ name: 'Tiers-lieu du round trip', updated_on: exampleIn47().date_maj });
  });

  /** A Luhn-valid SIRET of its own for each case. */
  const siretOf = (n: number) => {
    for (let d = 0; d < 10; d++)
      if (luhnValid(`4747470000${String(n).padStart(3, '0')}${d}`))
        return `4747470000${String(n).padStart(3, '0')}${d}`;
    throw new Error('unreachable');
  };
  let dedupCase = 0;
  const AGEN = { commune: 'Agen', code_postal: '47000', code_insee: '47001' };
  const BOE = { commune: 'Boé', code_postal: '47550', code_insee: '47031' };
  const NERAC = { commune: 'Nérac', code_postal: '47600', code_insee: '47195' };
  // [case, the place already there, the new record's changes to it, merged (reason) or created]
  it.each<[string, Record<string, string>, Record<string, string>, RegExp | null]>([
    [
      'a similar name 60 m away, another SIRET',
      {},
      { north: '60', pivot: 'other', nom: 'Atelier numerique Lafayette' },
      /similar name \(\d\.\d\d\) 60 m apart/,
    ],
    ['a similar name 150 m away', {}, { north: '150', pivot: 'other' }, null],
    [
      'the same SIRET 150 m away, another name',
      {},
      { north: '150', nom: 'Point d’accueil numérique' },
      /same SIRET \d{14}, 150 m apart/,
    ],
    ['the same SIRET 300 m away', {}, { north: '300', nom: 'Point d’accueil numérique' }, null],
    [
      'a similar name 50 m away across a commune border',
      {},
      { north: '50', pivot: 'other', ...BOE },
      /similar name \(1\.00\) 50 m apart/,
    ],
    [
      'nearly the same name without coordinates, same commune',
      {},
      { latitude: '', longitude: '', pivot: 'other', nom: 'ATELIER NUMÉRIQUE LAFAYETTE' },
      /nearly the same name \(1\.00\) in the same commune \(no coordinates\)/,
    ],
    [
      'nearly the same name without coordinates, another commune',
      {},
      { latitude: '', longitude: '', pivot: 'other', ...NERAC },
      null,
    ],
    [
      'coordinates, the same SIRET as a place without any, same commune',
      { latitude: '', longitude: '', nom: 'Espace public numérique Saint-Hilaire' },
      { nom: 'Point d’accueil numérique' },
      /same SIRET \d{14} in the same commune \(no coordinates\)/,
    ],
  ])('dedup: %s', async (_name, base, change, merged) => {
    // Each case far from the others (and its own SIRETs), so that no case finds another's place.
    const n = ++dedupCase;
    const latitude = 44.2 + n * 0.03;
    const longitude = 0.3 + n * 0.03;
    const place = exampleIn47({
      id: `dedup-${n}`,
      nom: 'Atelier numérique Lafayette',
      pivot: siretOf(n),
      latitude: latitude.toFixed(6),
      longitude: longitude.toFixed(6),
      complement_adresse: '',
      ...AGEN,
      ...base,
    });
    expect((await upload(toCsv([place]), `source=dedup-base-${n}`)).body.counts).toMatchObject({
      created: 1,
    });
    const { north, ...rest } = change;
    const record = {
      ...place,
      ...rest,
      pivot: rest.pivot === 'other' ? siretOf(n + 500) : place.pivot,
      latitude: rest.latitude ?? (latitude + Number(north ?? 0) / 111_320).toFixed(6),
      longitude: rest.longitude ?? longitude.toFixed(6),
    };
    const res = await upload(toCsv([record]), `source=dedup-new-${n}`);
    expect(res.body.rejected).toEqual([]);
    if (merged) {
      expect(res.body.counts).toMatchObject({ merged: 1, created: 0 });
      expect(res.body.merged[0].reason).toMatch(merged);
    } else {
      expect(res.body.counts).toMatchObject({ merged: 0, created: 1 });
    }
  });

  it('does not merge two places that only share the placeholder SIRET of national files', async () => {
    const at = (id: string, nom: string, latitude: string) =>
      exampleIn47({
        id,
        nom,
        pivot: '00000000000000',
        latitude,
        longitude: '0.52010',
        complement_adresse: '',
      });
    const before = await counts();
    // 50 m apart, different names: two places; before, "same SIRET 00000000000000" merged the second.
    const res = await upload(
      toCsv([
        at('no-siret-1', 'Espace public numérique', '44.30010'),
        at('no-siret-2', 'Café associatif', '44.30055'),
      ]),
      'source=no-siret',
    );
    expect(res.body.rejected).toEqual([]);
    expect(res.body.counts).toMatchObject({ created: 2, merged: 0 });
    expect(Number((await counts()).places)).toBe(Number(before.places) + 2);
  });

  it('reads data·inclusion v1 structures with their services, and finds them to be the places they came from', async () => {
    const get = async (path: string) => (await request(hub.gateway.http).get(path)).body as any[];
    const structures = (await get('/exports/data-inclusion/structures.json'))
      .filter((s) => s.siret)
      .slice(0, 20);
    const services = (await get('/exports/data-inclusion/services.json')).filter((s) =>
      structures.some((st) => st.id === s.structure_id),
    );
    const dora = (id: string) => id.replace(/^declic47--/, 'dora--');
    const before = await counts();
    const report = await runImport(hub.subgraphs.places.db.orm, {
      source: 'dora',
      file: 'structures.json',
      maxBytes: 10_000_000,
      open: async function* () {
        yield Buffer.from(JSON.stringify(structures.map((s) => ({ ...s, source: 'dora', id: dora(s.id) }))));
      },
      openServices: async function* () {
        yield Buffer.from(
          JSON.stringify(services.map((s) => ({ ...s, structure_id: dora(s.structure_id) }))),
        );
      },
    });
    expect(report.format).toBe('data-inclusion');
    expect(report.rejected).toEqual([]);
    expect(report.counts.created).toBe(0);
    expect(report.counts.merged + report.counts.unchanged).toBe(structures.length);
    expect((await counts()).places).toBe(before.places);
  });

  const header = STANDARD_FIELD_NAMES.join(',');
  it.each([
    ['a file that is neither CSV nor JSON', Buffer.from('%PDF-1.4\n\u0000\u0001binary'), /binary/],
    [
      'Latin-1 bytes',
      Buffer.from(
        `${header}\nx,43493312300029,Caf\xe9,Agen,47000,47001,rue,,,,,,,,,,,,,,2024-01-01,,,,,,,,,,,\n`,
        'latin1',
      ),
      /not UTF-8/,
    ],
    ['a missing required column', 'id,nom\nx,y\n', /missing required columns: pivot/],
    ['an unknown column', `${header},couleur\n`, /unknown columns: "couleur"/],
    ['unbalanced quotes', `${header}\n"x,43493312300029,"Caf\n`, /unbalanced quotes/],
    ['an empty file', '', /empty/],
    ['a row with 10,000 columns', `${header}\n${'x,'.repeat(9999)}x\n`, /10000 columns/],
    [
      'duplicate ids',
      toCsv([exampleIn47({ id: 'dup' }), exampleIn47({ id: 'dup', nom: 'Autre' })]),
      /appears twice/,
    ],
    ['a JSON object instead of an array', '{"id": "x"}', /array/],
  ])('refuses %s with a clear error, writing nothing', async (_case, body, message) => {
    const before = await counts();
    const res = await upload(body, 'source=bad-input');
    expect(res.status).toBe(422);
    expect(res.body.status).toBe('REFUSED');
    expect(res.body.error).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over the size limit (HTTP 413 before reading; the reader stops at its limit)', async () => {
    const res = await upload(Buffer.alloc(10_000_001, 'a'), 'source=big');
    expect(res.status).toBe(413);
    const before = await counts();
    const mb = Buffer.alloc(1_000_000, ' ');
    const report = await runImport(hub.subgraphs.places.db.orm, {
      source: 'huge',
      file: 'huge.json',
      maxBytes: 64_000_000,
      open: async function* () {
        yield Buffer.from('[');
        for (let i = 0; i < 100; i++) yield mb;
      },
    });
    expect(report).toMatchObject({ status: 'REFUSED', error: expect.stringMatching(/over the 64 MB limit/) });
    expect(await counts()).toEqual(before);
  });

  it('runs the same import sent three times at once exactly once: no duplicate place', async () => {
    const rows = [1, 2, 3].map((i) =>
      exampleIn47({
        id: `concurrent-${i}`,
        nom: `Lieu concurrent ${i}`,
        latitude: `44.${i}5`,
        longitude: `0.${i}5`,
      }),
    );
    const reports = (await Promise.all([1, 2, 3].map(() => upload(toCsv(rows), 'source=concurrent')))).map(
      (r) => r.body,
    );
    for (const r of reports) expect(r.status === 'DONE' || /already running/.test(r.error)).toBe(true);
    expect(reports.reduce((n, r) => n + (r.counts.created ?? 0), 0)).toBe(3);
    const [{ n }] = await sql<{ n: string }>(
      `select count(*)::text as n from place_source where source = 'concurrent'`,
    );
    expect(n).toBe('3');
  });

  it('lets a partner import only places of its own organization', async () => {
    const caf = stableId('organization', 'caf-47');
    const { data } = await hub.query(`query($id: ID!) { organization(id: $id) { siret } }`, { id: caf });
    const partner = await bearer('partner', caf);
    const mine = exampleIn47({
      id: 'caf-1',
      pivot: data.organization.siret,
      nom: 'Accueil CAF numérique',
      latitude: '44.21',
      longitude: '0.62',
    });
    const theirs = exampleIn47({ id: 'caf-2', nom: 'Pas à moi', latitude: '44.22', longitude: '0.63' });
    const res = await upload(toCsv([mine, theirs]), 'source=caf', partner);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe(`${caf}/caf`);
    expect(res.body.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(res.body.rejected[0]).toMatchObject({
      id: 'caf-2',
      field: 'pivot',
      problem: expect.stringContaining('your organization'),
    });
    expect((await upload(toCsv([mine]), 'source=caf', await bearer('analyst'))).status).toBe(403);
    expect((await upload(toCsv([mine]), 'source=caf', {})).status).toBe(401);
  });
});
