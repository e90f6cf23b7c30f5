import { startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';

let hub: Hub;
let admin: Record<string, string>;

const FEED = `query($after: String!, $first: Int!) {
  placeChanges(after: $after, first: $first) { changes { cursor entity id kind changedAt } endCursor hasMore }
}`;

const q = async (query: string, variables?: Record<string, unknown>) => {
  const res = await hub.query(query, variables, admin);
  expect(res.errors).toBeUndefined();
  return res.data;
};

const newPlace = (i: number) => ({
  name: `Lieu du flux ${i}`,
  address: `${i} rue du Flux`,
  postalCode: '47000',
  inseeCode: '47001',
  pivot: '21470195700018',
});

/** Reads the whole feed after a cursor, page by page. */
async function readFeed(after: string, first: number) {
  const changes: { cursor: string; entity: string; id: string; kind: string }[] = [];
  let cursor = after;
  for (let pages = 0; pages < 10_000; pages++) {
    const { placeChanges } = await q(FEED, { after: cursor, first });
    changes.push(...placeChanges.changes);
    cursor = placeChanges.endCursor;
    if (!placeChanges.hasMore) break;
  }
  return { changes, cursor };
}

beforeAll(async () => {
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('the change feed of places and organizations', () => {
  it('starts with every existing place and organization once', async () => {
    const { changes } = await readFeed('0', 1000);
    const [{ n }] = await hub.subgraphs.places.db.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(
        `select ((select count(*) from place) + (select count(*) from organization))::text as n`,
      );
    expect(new Set(changes.map((c) => `${c.entity}:${c.id}`)).size).toBe(Number(n));
  });

  it('pages in order with no gap and no duplicate while concurrent writes go on, tombstones included', async () => {
    const { cursor: start } = await readFeed('0', 1000);
    const created: string[] = [];
    // Three writers at once, whose transactions interleave with each other and with the reader's pages.
    const writer = async (from: number) => {
      for (let i = from; i < 12; i += 3) {
        const { createPlace } = await q(
          `mutation($input: PlaceInput!) { createPlace(input: $input) { id } }`,
          {
            input: newPlace(i),
          },
        );
        created[i] = createPlace.id;
        await q(`mutation($id: ID!) { updatePlace(id: $id, input: { summary: "v2" }) { id } }`, {
          id: createPlace.id,
        });
        if (i % 4 === 0) await q(`mutation($id: ID!) { deletePlace(id: $id) }`, { id: createPlace.id });
      }
    };
    const writes = Promise.all([0, 1, 2].map(writer));
    // A reader polling with small pages while the writers run.
    const seen: { cursor: string; id: string; kind: string }[] = [];
    let cursor = start;
    let done = false;
    void writes.then(() => (done = true));
    while (!done) {
      const page = await readFeed(cursor, 3);
      seen.push(...page.changes);
      cursor = page.cursor;
    }
    await writes;
    const rest = await readFeed(cursor, 3);
    seen.push(...rest.changes);

    const cursors = seen.map((c) => BigInt(c.cursor));
    for (let i = 1; i < cursors.length; i++) expect(cursors[i] > cursors[i - 1]).toBe(true);
    // Everything the log holds after the start, exactly: no gap, no duplicate.
    const all = await readFeed(start, 1000);
    expect(seen.map((c) => c.cursor)).toEqual(all.changes.map((c) => c.cursor));
    for (const [i, id] of created.entries()) {
      const kinds = seen.filter((c) => c.id === id).map((c) => c.kind);
      expect(kinds).toEqual(i % 4 === 0 ? ['UPSERT', 'UPSERT', 'DELETE'] : ['UPSERT', 'UPSERT']);
    }
  });

  it('filters places updated since an instant', async () => {
    const since = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const { createPlace } = await q(`mutation($input: PlaceInput!) { createPlace(input: $input) { id } }`, {
      input: newPlace(99),
    });
    const { places } = await q(
      `query($since: DateTime!) { places(first: 100, filter: { updatedSince: $since }) { edges { node { id } } } }`,
      { since: since.toISOString() },
    );
    expect(places.edges.map((e: any) => e.node.id)).toEqual([createPlace.id]);
  });

  it('refuses a cursor that is not one', async () => {
    const res = await hub.query(`{ placeChanges(after: "x'; drop") { endCursor } }`);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
