import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { buildFederatedSchema } from '../subgraphs/shared/federation';
import { subgraphs } from '../subgraphs/registry';

const SCHEMA_DIR = join(__dirname, '..', 'schema');

/** Each subgraph's SDL as its code builds it, and the composed supergraph (URLs: the default local ports). */
export async function buildSchemaFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const services = [];
  for (const { definition } of subgraphs) {
    const sdl = printSubgraphSchema(await buildFederatedSchema(definition));
    files[`${definition.name}.graphql`] = sdl;
    services.push({
      name: definition.name,
      url: `http://127.0.0.1:${definition.defaultPort}/graphql`,
      typeDefs: parse(sdl),
    });
  }
  const result = composeServices(services);
  if (result.errors?.length) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  files['supergraph.graphql'] = result.supergraphSdl!;
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await buildSchemaFiles();
  const stale: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(SCHEMA_DIR, name);
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(path, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (committed !== content) stale.push(name);
    } else {
      writeFileSync(path, content);
      console.log(`wrote schema/${name}`);
    }
  }
  if (stale.length) {
    console.error(
      `schema/ differs from what the code builds: ${stale.join(', ')}. Run npm run schema and commit.`,
    );
    process.exit(1);
  }
  if (check) console.log(`schema/ matches the code; ${subgraphs.length} subgraph(s) compose.`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
