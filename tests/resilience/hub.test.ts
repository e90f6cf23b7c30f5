import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer } from '../helpers/auth';
import {
  alive,
  build,
  childrenOf,
  exitOf,
  freePorts,
  lockOwner,
  portEnv,
  post,
  ready,
  run,
  sleep,
  until,
  type Running,
} from './processes';

/**
 * The hub as `npm start` runs it (npm → the supervisor → five processes on an embedded database), hurt for real:
 * SIGKILLed processes, a stalled subgraph (SIGSTOP), a second start on the same data, bad ports, SIGTERM to npm.
 */
const SUBGRAPH_TIMEOUT_MS = 1500;
let dataDir: string;
let ports: number[];
let hub: Running;
let supervisorPid: number;
let admin: Record<string, string>;
let organizationId: string;
const CREATE_ORG = 'mutation($i: OrganizationInput!) { createOrganization(input: $i) { id name } }';
const ORG = { i: { name: 'Association résiliente', kind: 'ASSOCIATION', rna: 'W479000001' } };
const seen = new Set<number>();

/** Root fields from three subgraphs; `person` and `trainingOffer` are nullable, `organizations` is not. */
const MIXED =
  '{ organizations(first: 1) { totalCount } person(id: "1") { id } trainingOffer(id: "1") { id } }';
/** Organizations with what the people and training subgraphs add to each. */
const ACROSS = '{ organizations(first: 3) { edges { node { id name staff { firstName } offers { id } } } } }';

function processes(): { pid: number; cmd: string }[] {
  const list = childrenOf(supervisorPid);
  for (const p of list) seen.add(p.pid);
  return list;
}

const pidOf = (name: string) => processes().find((p) => p.cmd.includes(name))?.pid;

async function complete(): Promise<void> {
  const mixed = await post(ports[0], { query: MIXED });
  expect(mixed.body).toEqual({
    data: { organizations: { totalCount: 1 }, person: null, trainingOffer: null },
  });
  const across = await post(ports[0], { query: ACROSS });
  expect(across.body).toEqual({
    data: {
      organizations: {
        edges: [{ node: { id: organizationId, name: ORG.i.name, staff: [], offers: [] } }],
      },
    },
  });
}

beforeAll(async () => {
  build();
  dataDir = mkdtempSync(join(tmpdir(), 'hub-resilience-'));
  ports = await freePorts(5);
  hub = run('npm', ['start', '--ignore-scripts'], {
    ...portEnv(ports),
    DATA_DIR: dataDir,
    // The embedded databases, whatever the test run's DATABASE_URL says: the data-folder lock is theirs.
    DATABASE_URL: '',
    SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
    RESTART_BACKOFF_MS: '100',
    // Migrated, not seeded: the suite creates the little it reads, and starts in seconds rather than minutes.
    SEED: 'false',
  });
  seen.add(hub.child.pid!);
  await until('hub ready', () => hub.output().includes('hub ready'), 150_000);
  supervisorPid = childrenOf(hub.child.pid!)[0].pid;
  seen.add(supervisorPid);
  expect(processes()).toHaveLength(5);
  // An organization: the people and training subgraphs add its staff and offers to the answer.
  admin = await bearer('admin');
  const created = await post(
    ports[0],
    { query: CREATE_ORG, variables: ORG },
    { ...admin, 'idempotency-key': 'org-1' },
  );
  expect(created.body.errors).toBeUndefined();
  organizationId = created.body.data.createOrganization.id;
}, 200_000);

afterAll(async () => {
  // Whatever a failed test left behind, nothing outlives the suite.
  for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the hub under npm start', () => {
  it('refuses a port that fetch blocks, or one already in use, at once and clearly', async () => {
    const [a, b, c, d] = await freePorts(4);
    const blocked = run('node', ['dist/scripts/start.js'], {
      ...portEnv([6000, a, b, c, d]),
      DATA_DIR: join(dataDir, 'other'),
      DATABASE_URL: '',
    });
    expect(await exitOf(blocked)).toBe(1);
    expect(blocked.output()).toMatch(/GATEWAY_PORT=6000 is on the Fetch standard's blocked-port list/);

    const taken = run('node', ['dist/scripts/start.js'], {
      ...portEnv([ports[0], a, b, c, d]),
      DATA_DIR: join(dataDir, 'other'),
      DATABASE_URL: '',
    });
    const started = Date.now();
    expect(await exitOf(taken)).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(taken.output()).toContain(`GATEWAY_PORT=${ports[0]}: port already in use`);
  });

  it('refuses a second start on the same data folder, naming the folder and its owner', async () => {
    const second = run('node', ['dist/scripts/start.js'], {
      ...portEnv(await freePorts(5)),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
    });
    expect(await exitOf(second)).toBe(1);
    // Whichever subgraph tried first names its folder and the process that owns it.
    const refused = /data folder (\S+)\/(\w+) is in use by process (\d+) on /.exec(second.output());
    expect(refused?.[1]).toBe(dataDir);
    const name = refused![2];
    expect(Number(refused![3])).toBe(lockOwner(dataDir, name));
    expect(Number(refused![3])).toBe(pidOf(`${name}/main.js`));
    expect(second.output()).toMatch(/cannot start .*: stopping the hub/);
    // The first hub did not notice; a retried create (same Idempotency-Key) wrote nothing more.
    const retried = await post(
      ports[0],
      { query: CREATE_ORG, variables: ORG },
      { ...admin, 'idempotency-key': 'org-1' },
    );
    expect(retried.body.data.createOrganization.id).toBe(organizationId);
    await complete();
  });

  it('answers complete queries, echoes the request id, and answers a syntax error with 400', async () => {
    await complete();
    const res = await post(ports[0], { query: MIXED }, { 'x-request-id': 'test-42' });
    expect(res.headers.get('x-request-id')).toBe('test-42');
    expect((await post(ports[0], { query: '{ epcis { siren }' })).headers.get('x-request-id')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    const broken = await post(ports[0], '{"query":"{"}');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('restarts a SIGKILLed subgraph while the others keep serving', async () => {
    const people = pidOf('people/main.js')!;
    process.kill(people, 'SIGKILL');
    await until('people gone', () => !alive(people), 5000);
    // Meanwhile: the people part fails with a stable code at its path, the rest is served.
    const res = await post(ports[0], { query: MIXED });
    if (res.body.data.person === null && res.body.errors) {
      expect(res.body.data.organizations.totalCount).toBe(1);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: ['person'],
          extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'people' }),
        }),
      ]);
    }
    await until('people restarted', () => (pidOf('people/main.js') ?? people) !== people, 10_000);
    await until('gateway ready again', () => ready(ports[0]), 60_000);
    await complete();
    expect(hub.output().match(/people exited \(SIGKILL\); restart 1 of 5/g)).toHaveLength(1);
    expect(hub.output()).toMatch(/took over the lock of process \d+/);
  });

  it('restarts a SIGKILLed gateway', async () => {
    const gateway = pidOf('gateway/main.js')!;
    process.kill(gateway, 'SIGKILL');
    await until('gateway restarted', () => (pidOf('gateway/main.js') ?? gateway) !== gateway, 10_000);
    await until('gateway ready again', () => ready(ports[0]), 60_000);
    await complete();
    expect(hub.output().match(/gateway exited \(SIGKILL\); restart 1 of 5/g)).toHaveLength(1);
  });

  it('answers SUBGRAPH_TIMEOUT in time when a subgraph stalls, and recovers when it resumes', async () => {
    const training = pidOf('training/main.js')!;
    process.kill(training, 'SIGSTOP');
    try {
      const res = await post(ports[0], { query: MIXED });
      expect(res.ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 2000);
      expect(res.body.data.organizations.totalCount).toBe(1);
      expect(res.body.data.trainingOffer).toBeNull();
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: ['trainingOffer'],
          extensions: expect.objectContaining({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'training' }),
        }),
      ]);
      expect(await ready(ports[0])).toBe(false);
    } finally {
      process.kill(training, 'SIGCONT');
    }
    await until('ready again', () => ready(ports[0]), 20_000);
    await complete();
  });

  it('stops everything, gateway first, on SIGTERM to npm', async () => {
    const all = processes().map((p) => p.pid);
    hub.child.kill('SIGTERM');
    await until('every process gone', () => [supervisorPid, ...all].every((pid) => !alive(pid)), 30_000);
    // Everything they printed, read to the end (gone is not yet read: see `run`).
    await exitOf(hub, 10_000);
    const output = hub.output();
    expect(output).toContain('[gateway] SIGTERM received');
    for (const name of ['places', 'people', 'training', 'funding'])
      expect(output.indexOf(`[${name}] SIGTERM received`)).toBeGreaterThan(
        output.indexOf('[gateway] SIGTERM'),
      );
    expect(lockOwner(dataDir, 'places')).toBeUndefined();
    await sleep(100);
  });

  it('gives up after RESTART_MAX failures within the window, with exit code 1 and nothing left behind', async () => {
    const again = run('node', ['dist/scripts/start.js'], {
      ...portEnv(await freePorts(5)),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED: 'false',
      RESTART_MAX: '1',
      RESTART_BACKOFF_MS: '100',
    });
    const supervisor = again.child.pid!;
    seen.add(supervisor);
    await until('hub ready', () => again.output().includes('hub ready'), 120_000);
    const places = () => childrenOf(supervisor).find((p) => p.cmd.includes('places/main.js'))?.pid;
    const first = places()!;
    process.kill(first, 'SIGKILL');
    await until('places restarted', () => (places() ?? first) !== first, 10_000);
    const all = childrenOf(supervisor).map((p) => p.pid);
    all.forEach((pid) => seen.add(pid));
    process.kill(places()!, 'SIGKILL');
    expect(await exitOf(again)).toBe(1);
    expect(again.output()).toMatch(/places exited \(SIGKILL\) 2 times within 60 s: giving up/);
    await until('every process gone', () => all.every((pid) => !alive(pid)), 20_000);
  });

  it('leaves no process behind when the supervisor itself is SIGKILLed, even while they start', async () => {
    const again = run('node', ['dist/scripts/start.js'], {
      ...portEnv(await freePorts(5)),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED: 'false',
    });
    const supervisor = again.child.pid!;
    seen.add(supervisor);
    await until('four subgraph processes', () => childrenOf(supervisor).length === 4, 20_000);
    const all = childrenOf(supervisor).map((p) => p.pid);
    all.forEach((pid) => seen.add(pid));
    process.kill(supervisor, 'SIGKILL');
    await until('every subgraph gone', () => all.every((pid) => !alive(pid)), 60_000);
  });
});
