import { buildASTSchema, isEnumType, parse } from 'graphql';
import type { HttpHandler } from '../common/http';

/** One value of an API enum: its stable key, its label (French for vocabularies), its national code if any. */
export interface VocabularyValue {
  key: string;
  label: string | null;
  code?: string;
}

export interface Vocabulary {
  name: string;
  description: string | null;
  values: VocabularyValue[];
}

const CODE = / \(national code `([^`]+)`\)$/;

/**
 * Every enum of the API with its values' labels, read from the supergraph's descriptions, so that a frontend
 * shows "Aide aux démarches administratives" for AIDE_AUX_DEMARCHES_ADMINISTRATIVES without hard-coding it,
 * also in production where introspection is off. Federation's own enums are left out.
 */
export function vocabulariesOf(supergraphSdl: string): Vocabulary[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  return Object.values(schema.getTypeMap())
    .filter(isEnumType)
    .filter((type) => !/^(__|join__|link__)/.test(type.name))
    .map((type) => ({
      name: type.name,
      description: type.description ?? null,
      values: type.getValues().map((value) => {
        const code = value.description ? CODE.exec(value.description)?.[1] : undefined;
        const label = value.description ? value.description.replace(CODE, '') : null;
        return code ? { key: value.name, label, code } : { key: value.name, label };
      }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** GET /vocabularies: the JSON of `vocabulariesOf`, computed once. */
export function vocabulariesHandler(supergraphSdl: string): HttpHandler {
  const body = JSON.stringify(vocabulariesOf(supergraphSdl));
  return (req, res, url) => {
    if (req.method !== 'GET' || url.pathname !== '/vocabularies') return false;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'public, max-age=3600',
    });
    res.end(body);
    return true;
  };
}
