import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { apiTypesConfig } from '../../codegen';
import { OPERATION_DIRS, ROOT } from './operations';

const CODEGEN_BIN = join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');

/**
 * GraphQL Code Generator's own CLI, in a child process (its plugins load ES modules, which Jest's module system
 * cannot), with the documented config (codegen.ts) over schema/api.graphql.
 */
async function generateTypes(schema = join(ROOT, 'schema', 'api.graphql')): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-run-'));
  try {
    const output = join(dir, 'graphql.ts');
    const config = {
      schema,
      documents: OPERATION_DIRS.map((d) => join(d, '**', '*.graphql')),
      ignoreNoDocuments: true,
      generates: { [output]: { plugins: ['typescript-operations'], config: apiTypesConfig } },
    };
    writeFileSync(join(dir, 'codegen.json'), JSON.stringify(config));
    try {
      await promisify(execFile)(process.execPath, [CODEGEN_BIN, '--config', join(dir, 'codegen.json')], {
        cwd: ROOT,
        timeout: 120_000,
        // NODE_ENV=test (set by Jest) would make the CLI silent, errors included.
        env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'development' },
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`graphql-codegen failed: ${stdout ?? ''}${stderr ?? ''}`);
    }
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Type-checks files strictly; answers the diagnostics as text. */
function typecheck(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const program = ts.createProgram(
      Object.keys(files).map((name) => join(dir, name)),
      { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, types: [] },
    );
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('GraphQL Code Generator on schema/api.graphql', () => {
  let code: string;

  beforeAll(async () => {
    code = await generateTypes();
  });

  it('types every custom scalar (strictScalars: no unknown, no any)', () => {
    // typescript-operations inlines scalars: the only `unknown` left is its Exact<> helper's constraint.
    const lines = code
      .split('\n')
      .filter((l) => /\bunknown\b|\bany\b/.test(l) && !l.startsWith('type Exact<'));
    // …and the GeoJSON FeatureCollection, a JSONObject scalar mapped to Record<string, unknown>, in every operation
    // that asks for it.
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(/^export type \w+Query = \{ placesGeoJson: Record<string, unknown> \| null \};$/);
    expect(code).toMatch(/latitude: number \| null/);
    expect(code).toMatch(
      /export type FneReportByCodeQueryVariables = Exact<\{\n {2}code: string;\n {2}from: string;\n {2}to: string;/,
    );
    expect(code).toMatch(/amountIssuedCents: number/);
  });

  it('emits no federation internals', () => {
    expect(code).not.toMatch(/Join__|Link__|join__|link__|_Service|_Entity|_Any\b/);
  });

  it('generates types for the operations that compile strictly and say what the API guarantees', () => {
    const usage = `
      import type { NearMeDistancesQuery, FneReportByCodeQuery, PublicOrganizationsQuery } from './graphql';
      type Edge = NonNullable<NearMeDistancesQuery['places']>['edges'][number];
      export const distance: number | null | undefined = ({} as Edge).distanceMeters;
      export const latitude: number | null | undefined = ({} as Edge).node.latitude;
      type Epci = NonNullable<FneReportByCodeQuery['departement']>['epcis'][number];
      export const statsId: string | undefined = ({} as Epci).passStats?.id;
      export const day: string = '2026-01-01' satisfies NonNullable<import('./graphql').FneReportByCodeQueryVariables['from']>;
      type Org = NonNullable<PublicOrganizationsQuery['organizations']>['edges'][number]['node'];
      // carnetsIssued can be refused on its own: the type says it may be null.
      export const carnets: { id: string }[] | null | undefined = ({} as Org).carnetsIssued;
      // @ts-expect-error distanceMeters is no longer a field of Place
      export const gone = ({} as Edge['node']).distanceMeters;
    `;
    expect(typecheck({ 'graphql.ts': code, 'usage.ts': usage })).toEqual([]);
  });

  it('refuses the supergraph with strictScalars (federation scalars): point codegen at api.graphql', async () => {
    await expect(generateTypes(join(ROOT, 'schema', 'supergraph.graphql'))).rejects.toThrow(
      /Unknown scalar type join__/,
    );
  });
});
