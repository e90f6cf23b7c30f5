import { buildASTSchema, isEnumType, parse } from 'graphql';
import type { HttpHandler } from '../common/http';

/**
 * One value of an API enum: its stable key, its French label, its national code if any, and an explanation (in
 * English) where the label alone does not say what the value means.
 */
export interface VocabularyValue {
  key: string;
  label: string | null;
  code?: string;
  description?: string;
}

export interface Vocabulary {
  name: string;
  description: string | null;
  values: VocabularyValue[];
}

const CODE = / \(national code `([^`]+)`\)$/;

/**
 * An enum value's description is its French label (with its national code, if any, as ` (national code `x`)`),
 * then optionally a blank line and an explanation: see gateway/VOCABULARIES.md.
 */
export function labelOf(key: string, description: string | null | undefined): VocabularyValue {
  if (!description) return { key, label: null };
  const [first, ...rest] = description.split(/\n\s*\n/);
  const code = CODE.exec(first)?.[1];
  const explanation = rest.join('\n\n').trim();
  return {
    key,
    label: first.replace(CODE, '').trim(),
    ...(code ? { code } : {}),
    ...(explanation ? { description: explanation } : {}),
  };
}

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
      values: type.getValues().map((value) => labelOf(value.name, value.description)),
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
