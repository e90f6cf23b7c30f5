import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { STANDARD_FIELD_NAMES, STANDARD_FIELDS } from '../exchange/table-schema';
import { SERVICES } from '../place/vocabularies';

/** A whole-file problem: the import stops before writing anything. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
  }
}

/** One record of the file, as cells of the national standard, with its row number (CSV line or array index + 1). */
export interface SourceRecord {
  row: number;
  cells: Record<string, string>;
}

export type ImportFormat = 'csv' | 'json' | 'data-inclusion';

export interface ReadLimits {
  maxBytes: number;
  /** Longest single record, in characters (CSV row or JSON element). */
  maxRecordChars: number;
}

const MAX_COLUMNS = 64;
const REQUIRED = STANDARD_FIELDS.filter((f) => f.constraints?.required).map((f) => f.name);
const KNOWN = new Set(STANDARD_FIELD_NAMES);

/** The bytes as UTF-8 text, refusing anything else (Latin-1 files are common) and anything over the size limit. */
async function* utf8(bytes: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of bytes) {
    if (offset + chunk.length > maxBytes)
      throw new ImportFileError(`the file is over the ${Math.round(maxBytes / 1e6)} MB limit of this import`);
    try {
      const text = decoder.decode(chunk, { stream: true });
      if (offset === 0 && text.includes('\u0000'))
        throw new ImportFileError('the file is binary, not a CSV or JSON text file');
      if (text) yield text;
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw new ImportFileError(
        `the file is not UTF-8 (near byte ${offset}); it looks like Latin-1 / Windows-1252: save it as UTF-8 and import it again`,
      );
    }
    offset += chunk.length;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new ImportFileError(
      'the file is not UTF-8 (it ends in the middle of a character): save it as UTF-8',
    );
  }
  if (offset === 0) throw new ImportFileError('the file is empty');
}

/** The first text chunk and the rest, for sniffing the format. */
async function peek(text: AsyncGenerator<string>): Promise<{ head: string; all: AsyncGenerator<string> }> {
  const first = await text.next();
  const head = first.done ? '' : first.value;
  async function* all() {
    if (head) yield head;
    yield* text;
  }
  return { head, all: all() };
}

/** `;` or `,`: whichever separates more columns on the header line (outside quotes). */
function sniffDelimiter(head: string): ',' | ';' {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of head) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch === ',') commas++;
    else if (!inQuotes && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

function checkHeader(header: string[]): void {
  if (header.length > MAX_COLUMNS)
    throw new ImportFileError(
      `the header has ${header.length} columns; the national standard has ${KNOWN.size}`,
    );
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !KNOWN.has(n));
  const missing = REQUIRED.filter((n) => !names.includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    unknown.length ? `unknown columns: ${unknown.map((u) => JSON.stringify(u)).join(', ')}` : '',
    missing.length ? `missing required columns: ${missing.join(', ')}` : '',
    repeated.length ? `repeated columns: ${repeated.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length)
    throw new ImportFileError(
      `the header is not the national standard's (schéma des lieux de médiation numérique v1.0.2): ${problems.join('; ')}`,
    );
}

async function* csvRecords(
  text: AsyncIterable<string>,
  head: string,
  limits: ReadLimits,
): AsyncGenerator<SourceRecord> {
  // pipeline: an error on either side (bad bytes, bad CSV) ends the iteration below with that error.
  const parser = pipeline(
    Readable.from(text),
    parse({
      bom: true,
      delimiter: sniffDelimiter(head.replace(/^\uFEFF/, '')),
      max_record_size: limits.maxRecordChars,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }),
    () => undefined,
  );
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = record.map((h) => h.replace(/^\uFEFF/, '').trim());
        checkHeader(header);
        continue;
      }
      if (record.length !== header.length)
        throw new ImportFileError(
          `line ${info.lines}: ${record.length} columns where the header has ${header.length} (a stray separator or quote?)`,
        );
      yield { row: info.lines, cells: Object.fromEntries(header.map((h, i) => [h, record[i]])) };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const e = error as { code?: string; message: string; lines?: number };
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE')
      throw new ImportFileError(
        `unbalanced quotes: ${e.message.replace(/^Invalid Closing Quote: /, '')} (a quote inside a quoted field must be doubled: "")`,
      );
    if (e.code === 'CSV_QUOTE_NOT_CLOSED')
      throw new ImportFileError('a quoted field is never closed (unbalanced quotes)');
    if (e.code === 'CSV_MAX_RECORD_SIZE')
      throw new ImportFileError(`a row is over ${limits.maxRecordChars} characters`);
    throw new ImportFileError(`not a readable CSV file: ${e.message}`);
  } finally {
    parser.destroy();
  }
  if (!header) throw new ImportFileError('the file has no header line');
}

/** The top-level elements of a JSON array, each as its own text, without holding the array in memory. */
async function* jsonElements(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<string> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let ended = false;
  let current = '';
  for await (const chunk of text) {
    for (const ch of chunk) {
      if (ended) {
        if (!/\s/.test(ch)) throw new ImportFileError('unexpected text after the JSON array');
        continue;
      }
      if (!started) {
        if (ch === '\uFEFF' || /\s/.test(ch)) continue;
        if (ch !== '[') throw new ImportFileError('a JSON import is an array of records: [ {…}, {…} ]');
        started = true;
        continue;
      }
      if (depth > 0) current += ch;
      if (current.length > maxChars) throw new ImportFileError(`a record is over ${maxChars} characters`);
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') {
        if (depth === 0) throw new ImportFileError('each element of the JSON array must be an object');
        inString = true;
      } else if (ch === '{' || ch === '[') {
        if (depth === 0) current = ch;
        depth++;
      } else if (ch === '}' || ch === ']') {
        if (depth === 0 && ch === ']') {
          ended = true;
          continue;
        }
        depth--;
        if (depth === 0) {
          yield current;
          current = '';
        }
      } else if (depth === 0 && !/[\s,]/.test(ch)) {
        throw new ImportFileError('each element of the JSON array must be an object');
      }
    }
  }
  if (!started) throw new ImportFileError('the file is empty');
  if (!ended) throw new ImportFileError('the JSON array is not closed (truncated file?)');
}

const cell = (value: unknown): string =>
  value == null
    ? ''
    : Array.isArray(value)
      ? value.join('|')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/** data·inclusion thématiques back to the national standard's services. */
const SERVICE_OF_THEME: Record<string, string> = {
  'numerique--acceder-a-des-services-en-ligne': SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
  'numerique--acceder-a-une-connexion-internet': SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
  'numerique--acquerir-un-equipement': SERVICES.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE,
  'numerique--maitriser-les-fondamentaux-du-numerique': SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
};
const LABELS = new Set<string>(Object.values(SERVICES));

/** The national standard's services of a data·inclusion service: its name when it is one, else its themes. */
export function servicesOfDataInclusionService(service: { nom?: unknown; thematiques?: unknown }): string[] {
  if (typeof service.nom === 'string' && LABELS.has(service.nom)) return [service.nom];
  const themes = Array.isArray(service.thematiques) ? service.thematiques : [];
  return themes.map((t) => SERVICE_OF_THEME[String(t)]).filter(Boolean);
}

/** A data·inclusion v1 structure as a record of the national standard (services joined from its services). */
export function fromDataInclusionStructure(
  s: Record<string, unknown>,
  services: string[],
): Record<string, string> {
  return {
    id: cell(s.id),
    pivot: cell(s.siret),
    nom: cell(s.nom),
    commune: cell(s.commune),
    code_postal: cell(s.code_postal),
    code_insee: cell(s.code_insee),
    adresse: cell(s.adresse),
    complement_adresse: cell(s.complement_adresse),
    latitude: cell(s.latitude),
    longitude: cell(s.longitude),
    telephone: cell(s.telephone),
    courriels: cell(s.courriel),
    site_web: cell(s.site_web),
    horaires: cell(s.horaires_accueil),
    presentation_detail: cell(s.description),
    source: cell(s.source),
    date_maj: cell(s.date_maj),
    services: services.join('|'),
    fiche_acces_libre: cell(s.accessibilite_lieu),
  };
}

/** JSON records: the national standard's fields, or data·inclusion structures (told apart by `pivot`). */
async function* jsonRecords(
  text: AsyncIterable<string>,
  limits: ReadLimits,
  servicesByStructure: Map<string, string[]> | undefined,
  formatSeen: (format: ImportFormat) => void,
): AsyncGenerator<SourceRecord> {
  let row = 0;
  let format: ImportFormat | undefined;
  for await (const element of jsonElements(text, limits.maxRecordChars)) {
    row++;
    let value: unknown;
    try {
      value = JSON.parse(element);
    } catch {
      throw new ImportFileError(`record ${row} is not valid JSON`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new ImportFileError(`record ${row} is not an object`);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > MAX_COLUMNS) throw new ImportFileError(`record ${row} has ${keys.length} fields`);
    format ??= 'pivot' in record ? 'json' : 'data-inclusion';
    formatSeen(format);
    if (format === 'json') {
      checkHeader(keys);
      yield { row, cells: Object.fromEntries(keys.map((k) => [k, cell(record[k])])) };
    } else {
      const services = servicesByStructure?.get(cell(record.id)) ?? [];
      yield { row, cells: fromDataInclusionStructure(record, services) };
    }
  }
}

/**
 * Reads a file of places, streamed: the national standard as CSV (UTF-8 with or without BOM, `,` or `;`,
 * quoted multi-line fields) or as a JSON array, or a JSON array of data·inclusion v1 structures.
 */
export async function* readRecords(
  bytes: AsyncIterable<Buffer>,
  limits: ReadLimits,
  options: { servicesByStructure?: Map<string, string[]>; onFormat?: (format: ImportFormat) => void } = {},
): AsyncGenerator<SourceRecord> {
  const { head, all } = await peek(utf8(bytes, limits.maxBytes));
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) {
    yield* jsonRecords(all, limits, options.servicesByStructure, (f) => options.onFormat?.(f));
  } else if (start.startsWith('{')) {
    throw new ImportFileError('a JSON import is an array of records ([ {…}, {…} ]), not a single object');
  } else {
    options.onFormat?.('csv');
    yield* csvRecords(all, head, limits);
  }
}

/** data·inclusion services: structure id -> the national standard's services it offers. */
export async function readDataInclusionServices(
  bytes: AsyncIterable<Buffer>,
  limits: ReadLimits,
): Promise<Map<string, string[]>> {
  const byStructure = new Map<string, string[]>();
  for await (const element of jsonElements(utf8(bytes, limits.maxBytes), limits.maxRecordChars)) {
    let service: Record<string, unknown>;
    try {
      service = JSON.parse(element);
    } catch {
      throw new ImportFileError('the services file holds an element that is not valid JSON');
    }
    const id = cell(service.structure_id);
    const labels = byStructure.get(id) ?? [];
    for (const label of servicesOfDataInclusionService(service))
      if (!labels.includes(label)) labels.push(label);
    byStructure.set(id, labels);
  }
  return byStructure;
}
