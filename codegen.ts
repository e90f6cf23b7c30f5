import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator for the hub's API, ready to copy into a frontend: `schema/api.graphql` (what clients see,
 * no federation internals), every custom scalar mapped to the TypeScript type its JSON value has, and
 * `strictScalars` so that a scalar added later fails the generation instead of becoming `unknown`.
 * Here, `npx graphql-codegen` types the operations of `examples/` and `tests/compat/operations/` into
 * `generated/graphql.ts` (git-ignored). typescript-operations 6 needs no `typescript` plugin beside it: it emits the
 * operations' result and variables types, with the enums and inputs they use. See docs/frontend.md.
 */
export const apiScalars = {
  /** A calendar date, `YYYY-MM-DD` (RFC 3339 full-date). */
  Date: 'string',
  /** An instant, RFC 3339 date-time (`2026-11-24T09:30:00.000Z`). */
  DateTime: 'string',
  EmailAddress: 'string',
  /** INSEE commune code, 5 characters (`47001`, Corsica's `2A004`). */
  InseeCode: 'string',
  /** Any JSON value (not exposed today; mapped so that adding it never yields `unknown`). */
  JSON: 'string | number | boolean | null | Record<string, unknown> | unknown[]',
  /** A JSON object: GeoJSON FeatureCollections, standard records. */
  JSONObject: 'Record<string, unknown>',
  /** WGS 84 decimal degrees. */
  Latitude: 'number',
  Longitude: 'number',
  /** E.164, e.g. `+33553000000`. */
  PhoneNumber: 'string',
  PostalCode: 'string',
  /** An integer within ±(2^53 − 1): money in cents. */
  SafeInt: 'number',
  /** 14 digits. */
  Siret: 'string',
  URL: 'string',
} as const;

/** The plugin options: strict scalars, enums as string unions (no runtime code), type-only imports. */
export const apiTypesConfig = {
  strictScalars: true,
  scalars: apiScalars,
  enumsAsTypes: true,
  useTypeImports: true,
  skipTypename: false,
};

const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: ['examples/**/*.graphql', 'tests/compat/operations/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: apiTypesConfig,
    },
  },
};

export default config;
