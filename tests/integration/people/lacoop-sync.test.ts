import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  LacoopApiError,
  LacoopClient,
  type LacoopClientConfig,
} from '../../../subgraphs/people/lacoop/client';
import { reconcileLacoop } from '../../../subgraphs/people/lacoop/reconcile';
import { syncLacoop } from '../../../subgraphs/people/lacoop/sync';
import { peopleSubgraph } from '../../../subgraphs/people';
import type { Database } from '../../../subgraphs/shared/orm';
import { territoryReference } from '../../../subgraphs/shared/territory';
import { openTestDatabase } from '../../helpers/database';
import { startFakeLacoop, type FakeLacoop } from '../../helpers/lacoop-fake/server';

const TOKEN = 'hub-client:test-secret';
const YEAR = { from: '2024-01-01', to: '2024-12-31' };

let db: Database;
let fake: FakeLacoop;

const sql = async <T = any>(query: string, params: unknown[] = []): Promise<T[]> =>
  ((await (db.orm.em.fork() as EntityManager).execute(query, params)) as unknown[]).flat() as T[];

function client(overrides: Partial<LacoopClientConfig> = {}): LacoopClient {
  return new LacoopClient({
    baseUrl: fake.url,
    token: TOKEN,
    pageSize: 50,
    ratePerSecond: 100,
    backoffMs: 5,
    maxBackoffMs: 50,
    timeoutMs: 2000,
    ...overrides,
  });
}

/** What the hub must hold after a full sync: the reports of the data set that are in 47 and not deleted. */
function expectedActivities(): string[] {
  const territory = territoryReference();
  const communeOf = new Map(fake.dataset.structures.map((s) => [s.id, s.attributes.code_insee]));
  return fake.dataset.activities
    .filter(({ attributes: a }) => {
      const commune = a.type_lieu === 'lieu_activite' ? communeOf.get(a.structure_id!) : a.lieu_code_insee;
      return !a.suppression && !!commune && territory.isCommune(commune);
    })
    .map((a) => a.id)
    .sort();
}

const hubActivities = async () =>
  (
    await sql<{ upstream_id: string }>(
      `select upstream_id from activity where source = 'lacoop' order by upstream_id`,
    )
  ).map((r) => r.upstream_id);
const snapshot = () =>
  sql(`select a.*, p.updated_at as person_updated_at from activity a join person p on p.id = a.person_id
       order by a.upstream_id`);

beforeEach(async () => {
  db = await openTestDatabase(peopleSubgraph);
  fake = await startFakeLacoop({ activities: 300, seed: 'integration' });
});

afterEach(async () => {
  await fake?.stop();
  await db?.close();
});

describe('La Coop sync', () => {
  it('imports a whole data set, mapped, with provenance; re-running changes nothing', async () => {
    const first = await syncLacoop(db.orm, client());
    const expected = expectedActivities();
    expect(expected.length).toBeGreaterThan(250);
    expect(await hubActivities()).toEqual(expected);
    expect(first.activities.created).toBe(expected.length);
    expect(first.activities.skipped).toBe(300 - expected.length);
    expect(first.activities.rejected).toBe(0);
    expect(first.people).toMatchObject({ created: 8, rejected: 0, skipped: 1 });

    const [one] = fake.dataset.activities.filter(
      (a) => a.attributes.type === 'collectif' && expected.includes(a.id),
    );
    const [row] = await sql(
      `select a.*, p.first_name, p.role from activity a join person p on p.id = a.person_id where a.upstream_id = ?`,
      [one.id],
    );
    expect(row).toMatchObject({
      source: 'lacoop',
      type: 'collectif',
      duration_minutes: one.attributes.duree,
      participants_count: one.attributes.accompagnements,
      themes: one.attributes.thematiques,
      workshop_level: one.attributes.niveau_atelier,
      location_type: one.attributes.type_lieu,
    });
    expect(Date.now() - new Date(row.fetched_at).getTime()).toBeLessThan(60_000);
    const people = await sql(
      `select role, count(*)::int as n from person where source = 'lacoop' group by role order by role`,
    );
    expect(people).toEqual([
      { role: 'CONSEILLER_NUMERIQUE', n: 5 },
      { role: 'COORDINATEUR', n: 1 },
      { role: 'MEDIATEUR', n: 2 },
    ]);

    const before = await snapshot();
    const again = await syncLacoop(db.orm, client());
    expect(again.activities).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(again.people).toMatchObject({ created: 0, updated: 0 });
    expect(await snapshot()).toEqual(before);
    // The second run asked only for what changed since the first one started (minus the overlap margin).
    const asked = fake.requests.filter((r) => r.path === '/activites').at(-1)!;
    expect(asked.query['filter[modification][depuis]']).toBe(again.activitiesSince);
  });

  it('fetches only what changed since the last run: an edit, an addition', async () => {
    await syncLacoop(db.orm, client());
    const target = expectedActivities()[10];
    fake.modifyActivity(target, { duree: 75, thematiques: ['email'] });
    const copy = structuredClone(fake.dataset.activities.find((a) => a.id === target)!);
    copy.id = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    fake.addActivity(copy);
    const report = await syncLacoop(db.orm, client(), { overlapMs: 0 });
    expect(report.activities.fetched).toBe(2);
    expect(report.activities).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const [row] = await sql(`select duration_minutes, themes from activity where upstream_id = ?`, [target]);
    expect(row).toEqual({ duration_minutes: 75, themes: ['email'] });
  });

  it('resumes after a crash between two pages at the stored cursor', async () => {
    // The third page never arrives: the connection drops and the client is told not to retry.
    fake.fail('/activites', [{ destroy: true }], 2);
    await expect(syncLacoop(db.orm, client({ maxAttempts: 1 }))).rejects.toThrow(LacoopApiError);
    expect((await hubActivities()).length).toBeGreaterThan(0);
    const [state] = await sql(`select cursor, pages from lacoop_sync_state where resource = 'activites'`);
    expect(state.pages).toBe(2);
    expect(state.cursor).toBeTruthy();

    const served = fake.requests.length;
    const report = await syncLacoop(db.orm, client());
    expect(report.resumed).toBe(true);
    const resumed = fake.requests.slice(served).filter((r) => r.path === '/activites');
    expect(resumed[0].query['page[after]']).toBe(state.cursor);
    expect(await hubActivities()).toEqual(expectedActivities());
    expect(report.activities.fetched).toBe(300 - 100);
  });

  it('catches an upstream record modified during a sync, in this run or the next', async () => {
    const ids = fake.dataset.activities.map((a) => a.id);
    const behind = expectedActivities()[0];
    const ahead = expectedActivities().at(-1)!;
    class EditingClient extends LacoopClient {
      private edited = false;
      override async activites(params: { since?: string | null; after?: string | null }) {
        const page = await super.activites(params);
        if (!this.edited) {
          this.edited = true;
          fake.modifyActivity(behind, { duree: 11 });
          fake.modifyActivity(ahead, { duree: 12 });
        }
        return page;
      }
    }
    expect(ids.indexOf(behind)).toBeLessThan(50);
    await syncLacoop(
      db.orm,
      new EditingClient({ baseUrl: fake.url, token: TOKEN, pageSize: 50, ratePerSecond: 100 }),
    );
    const duration = async (id: string) =>
      (await sql(`select duration_minutes from activity where upstream_id = ?`, [id]))[0].duration_minutes;
    expect(await duration(ahead)).toBe(12);
    const next = await syncLacoop(db.orm, client());
    expect(next.activities.updated).toBeGreaterThanOrEqual(1);
    expect(await duration(behind)).toBe(11);
  });

  it('retries 500, 503, 429 (Retry-After) and a timeout, then completes', async () => {
    fake.fail(
      '/activites',
      [{ status: 500 }, { status: 503 }, { status: 429, retryAfterSeconds: 0 }, { delayMs: 400 }],
      1,
    );
    const retries: string[] = [];
    const report = await syncLacoop(
      db.orm,
      client({ timeoutMs: 200, onRetry: ({ reason }) => retries.push(reason) }),
    );
    expect(retries).toEqual(['HTTP 500', 'HTTP 503', 'HTTP 429', 'timeout']);
    expect(await hubActivities()).toEqual(expectedActivities());
    expect(report.activities.rejected).toBe(0);
  });

  it('stops at once on a 4xx, keeping the pages committed before it and nothing of the refused one', async () => {
    fake.fail('/activites', [{ status: 400 }], 2);
    const error = await syncLacoop(db.orm, client()).catch((e) => e);
    expect(error).toBeInstanceOf(LacoopApiError);
    expect(error.status).toBe(400);
    expect(fake.requests.filter((r) => r.path === '/activites')).toHaveLength(3);
    const [state] = await sql(`select pages, cursor from lacoop_sync_state where resource = 'activites'`);
    expect(state.pages).toBe(2);
    const firstTwoPages = fake.dataset.activities.slice(0, 100).map((a) => a.id);
    expect((await hubActivities()).every((id) => firstTwoPages.includes(id))).toBe(true);
    expect((await hubActivities()).length).toBe(
      expectedActivities().filter((id) => firstTwoPages.includes(id)).length,
    );
  });

  it('respects a server rate limit through Retry-After', async () => {
    await fake.stop();
    fake = await startFakeLacoop({ activities: 120, seed: 'integration', rateLimitPerSecond: 3 });
    await syncLacoop(db.orm, client({ backoffMs: 100, maxBackoffMs: 2000 }));
    expect(fake.requests.some((r) => r.status === 429)).toBe(true);
    expect(await hubActivities()).toEqual(expectedActivities());
  });

  it('fails clearly on a bad token, writes nothing and never shows the token', async () => {
    const error = await syncLacoop(db.orm, client({ token: 'hub-client:wrong-secret' })).catch((e) => e);
    expect(error).toBeInstanceOf(LacoopApiError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/403.*LACOOP_API_TOKEN/);
    expect(error.message).not.toContain('wrong-secret');
    expect(fake.requests.filter((r) => r.status === 403)).toHaveLength(1);
    expect(await sql(`select id from activity`)).toEqual([]);
    expect(await sql(`select id from lacoop_structure`)).toEqual([]);
  });

  it('keeps an unmappable record out, lists it with its reason, and takes it once fixed upstream', async () => {
    const [bad, orphan] = expectedActivities();
    fake.modifyActivity(bad, { thematiques: [] });
    fake.modifyActivity(orphan, { mediateur_id: '00000000-0000-4000-8000-000000000000' });
    const report = await syncLacoop(db.orm, client());
    expect(report.activities.rejected).toBe(2);
    expect(report.rejections).toEqual(
      expect.arrayContaining([
        { resource: 'activites', upstreamId: bad, reason: 'no thematique' },
        {
          resource: 'activites',
          upstreamId: orphan,
          reason: 'mediateur 00000000-0000-4000-8000-000000000000 is not an imported person',
        },
      ]),
    );
    expect(report.rejectionsByReason['no thematique']).toBe(1);
    expect(await hubActivities()).not.toContain(bad);
    expect(await sql(`select upstream_id, reason from lacoop_sync_rejection order by reason`)).toHaveLength(
      2,
    );
    // The reconciliation sees the records La Coop counts and the hub kept out.
    const reconciliation = await reconcileLacoop(db.orm.em.fork() as EntityManager, client(), {
      level: 'departement',
      code: '47',
      ...YEAR,
    });
    expect(reconciliation.agree).toBe(false);
    expect(reconciliation.differences).toContainEqual(
      expect.objectContaining({ indicator: 'accompaniments' }),
    );

    fake.modifyActivity(bad, { thematiques: ['email'] });
    await syncLacoop(db.orm, client());
    expect(await hubActivities()).toContain(bad);
    expect(await sql(`select upstream_id from lacoop_sync_rejection`)).toEqual([{ upstream_id: orphan }]);
  });

  it('deletes in the hub what La Coop soft-deleted', async () => {
    await syncLacoop(db.orm, client());
    const gone = expectedActivities()[3];
    fake.deleteActivity(gone);
    const report = await syncLacoop(db.orm, client());
    expect(report.activities.deleted).toBe(1);
    expect(await hubActivities()).not.toContain(gone);
    expect(await hubActivities()).toEqual(expectedActivities());
  });

  it('matches a person the hub already had by e-mail, and erases the personal data of a user deleted upstream', async () => {
    const [known, leaving] = fake.dataset.users.filter((u) => u.attributes.mediateur);
    const id = '11111111-1111-4111-8111-111111111111';
    await sql(
      `insert into person (id, role, first_name, last_name, email, insee_code, search_text, created_at, updated_at)
       values (?, 'MEDIATEUR', 'Déjà', 'Connue', ?, '47001', 'deja connue', now(), now())`,
      [id, known.attributes.email!.toUpperCase()],
    );
    await syncLacoop(db.orm, client());
    const [matched] = await sql(`select source, upstream_id, last_name from person where id = ?`, [id]);
    expect(matched).toEqual({ source: 'lacoop', upstream_id: known.id, last_name: known.attributes.nom });
    expect(await sql(`select id from person where upstream_id = ?`, [known.id])).toHaveLength(1);

    leaving.attributes.suppression = new Date().toISOString();
    const report = await syncLacoop(db.orm, client());
    expect(report.people.deleted).toBe(1);
    const [erased] = await sql(
      `select first_name, last_name, email, phone from person where upstream_id = ?`,
      [leaving.id],
    );
    expect(erased).toEqual({
      first_name: leaving.attributes.prenom,
      last_name: '-',
      email: null,
      phone: null,
    });
    // Their anonymous reports stay.
    expect(await hubActivities()).toEqual(expectedActivities());
  });

  it('agrees exactly with La Coop /statistiques after a full sync, for the département, an EPCI and a commune', async () => {
    await syncLacoop(db.orm, client());
    const territory = territoryReference();
    const [busiest] = (
      await sql<{ insee_code: string }>(
        `select insee_code from activity group by insee_code order by count(*) desc, insee_code limit 1`,
      )
    ).map((r) => r.insee_code);
    for (const scope of [
      { level: 'departement' as const, code: '47', ...YEAR },
      { level: 'epci' as const, code: territory.epciOf(busiest)!, from: '2024-03-01', to: '2024-09-30' },
      { level: 'commune' as const, code: busiest, ...YEAR },
    ]) {
      const result = await reconcileLacoop(db.orm.em.fork() as EntityManager, client(), scope);
      expect(result.differences).toEqual([]);
      expect(result.agree).toBe(true);
      expect(result.compared.length).toBeGreaterThanOrEqual(5);
    }
  });
});
