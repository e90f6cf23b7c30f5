import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from '../common/http';

/**
 * Spreadsheet exports of list-shaped queries: `POST /exports/query.csv` or `/exports/query.xlsx` with the body of a
 * GraphQL request ({ query, variables }) and the caller's Authorization header. The gateway runs the query on its
 * own /graphql with that header (same access rules), pages through the first connection of the answer with
 * `$after` up to EXPORT_MAX_ROWS rows, and answers one sheet: a row per node, columns named by field path.
 * See gateway/QUERY-EXPORTS.md.
 */

/** exceljs, loaded by the first XLSX export: a quarter of a second of every start that queries and CSV never need. */
let excel: typeof import('exceljs') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exceljs = () => (excel ??= require('exceljs') as typeof import('exceljs'));

const BODY_LIMIT = 100_000;
const HARD_MAX_ROWS = 100_000;
const MAX_PAGES = 1_000;

/** Most rows of one export: EXPORT_MAX_ROWS, default 20,000, at most 100,000. */
export function exportMaxRows(): number {
  const raw = Number(process.env.EXPORT_MAX_ROWS ?? '');
  return Number.isInteger(raw) && raw > 0 ? Math.min(raw, HARD_MAX_ROWS) : 20_000;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class ExportError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}

export function exportsHandler(): HttpHandler {
  return async (req, res, url) => {
    const match = /^\/exports\/query\.(csv|xlsx)$/.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'POST { query, variables } to export a query' }));
      return true;
    }
    try {
      const body = await readJson(req);
      const { rows, truncated } = await collectRows(req, body);
      await send(res, match[1] as 'csv' | 'xlsx', rows, truncated);
    } catch (error) {
      const status = error instanceof ExportError ? error.status : 502;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: (error as Error).message,
          ...(error instanceof ExportError && error.errors ? { errors: error.errors } : {}),
        }),
      );
    }
    return true;
  };
}

async function readJson(req: IncomingMessage): Promise<{ query: string; variables: Record<string, Json> }> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new ExportError(413, `the export request is over ${BODY_LIMIT} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ExportError(400, 'the body must be JSON: { query, variables }');
  }
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string' || !query.trim())
    throw new ExportError(400, 'query: a GraphQL query is required');
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
    throw new ExportError(400, 'variables: must be an object');
  return { query, variables: (variables ?? {}) as Record<string, Json> };
}

interface Page {
  nodes: Json[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The list of the answer: the first connection (edges.node) found depth-first, else the first list of objects. */
function listOf(data: Json): Page | null {
  if (data === null || typeof data !== 'object') return null;
  if (Array.isArray(data)) {
    if (data.some((d) => d !== null && typeof d === 'object' && !Array.isArray(d)))
      return { nodes: data, hasNextPage: false, endCursor: null };
    return null;
  }
  if (Array.isArray(data.edges)) {
    const pageInfo = (data.pageInfo ?? {}) as { hasNextPage?: boolean; endCursor?: string | null };
    return {
      nodes: data.edges.map((e) =>
        e && typeof e === 'object' && !Array.isArray(e) ? (e.node ?? null) : null,
      ),
      hasNextPage: pageInfo.hasNextPage === true,
      endCursor: pageInfo.endCursor ?? null,
    };
  }
  for (const value of Object.values(data)) {
    const found = listOf(value);
    if (found) return found;
  }
  return null;
}

async function collectRows(
  req: IncomingMessage,
  body: { query: string; variables: Record<string, Json> },
): Promise<{ rows: Json[]; truncated: boolean }> {
  const endpoint = `http://127.0.0.1:${req.socket.localPort}/graphql`;
  const max = exportMaxRows();
  const rows: Json[] = [];
  let variables = body.variables;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      },
      body: JSON.stringify({ query: body.query, variables }),
    });
    const result = (await answer.json()) as { data?: Json; errors?: unknown[] };
    if (result.errors?.length) {
      const code = (result.errors[0] as { extensions?: { code?: string } }).extensions?.code;
      const status = code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 400;
      throw new ExportError(status, 'the query was refused', result.errors);
    }
    const list = listOf(result.data ?? null);
    if (!list) throw new ExportError(400, 'the query returns no list (a connection or a list of objects)');
    const room = max - rows.length;
    rows.push(...list.nodes.slice(0, room));
    if (list.nodes.length > room || (rows.length >= max && list.hasNextPage))
      return { rows, truncated: true };
    if (!list.hasNextPage) break;
    if (!/\$after\b/.test(body.query) || !list.endCursor)
      throw new ExportError(
        400,
        'more pages: declare `$after: String` on the query, pass it as the connection’s `after`, and select `pageInfo { hasNextPage endCursor }`',
      );
    variables = { ...variables, after: list.endCursor };
  }
  return { rows, truncated: false };
}

/** A node as cells: nested objects flatten to `a.b`, lists of scalars join with "; ", other lists are JSON. */
function flatten(value: Json, prefix: string, into: Map<string, string | number | boolean | null>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${key}` : key, into);
  } else if (Array.isArray(value)) {
    into.set(
      prefix,
      value.every((v) => v === null || typeof v !== 'object') ? value.join('; ') : JSON.stringify(value),
    );
  } else {
    into.set(prefix, value);
  }
}

function table(rows: Json[]): { columns: string[]; cells: (string | number | boolean | null)[][] } {
  const flat = rows.map((row) => {
    const cells = new Map<string, string | number | boolean | null>();
    flatten(row, '', cells);
    return cells;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const cells of flat)
    for (const key of cells.keys())
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
  return { columns, cells: flat.map((cells) => columns.map((c) => cells.get(c) ?? null)) };
}

/** One CSV field (RFC 4180); text starting like a formula gets a leading quote so spreadsheets never run it. */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function send(
  res: ServerResponse,
  format: 'csv' | 'xlsx',
  rows: Json[],
  truncated: boolean,
): Promise<void> {
  const { columns, cells } = table(rows);
  const counts = { 'x-export-rows': String(rows.length), 'x-export-truncated': String(truncated) };
  if (format === 'csv') {
    const lines = [columns, ...cells].map((line) => line.map(csvField).join(','));
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="export.csv"',
      ...counts,
    });
    res.end(`\uFEFF${lines.join('\r\n')}\r\n`);
    return;
  }
  const workbook = new (exceljs().Workbook)();
  const sheet = workbook.addWorksheet('export');
  sheet.addRow(columns);
  sheet.getRow(1).font = { bold: true };
  for (const line of cells) sheet.addRow(line);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  res.writeHead(200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': 'attachment; filename="export.xlsx"',
    ...counts,
  });
  res.end(buffer);
}
