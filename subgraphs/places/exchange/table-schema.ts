import tableSchema from './reference/lieux-mediation-numerique.schema.json';

/** A field of a Frictionless Table Schema, as far as the national places schema uses them. */
interface TableField {
  name: string;
  type?: string;
  format?: string;
  constraints?: {
    required?: boolean;
    unique?: boolean;
    pattern?: string;
    enum?: string[];
    minLength?: number;
    maxLength?: number;
    minimum?: number;
    maximum?: number;
  };
}

/** One problem with one cell, in words a partner can act on. */
export interface CellProblem {
  field: string;
  value: string;
  problem: string;
}

/** The national places schema v1.0.2 (lieux de médiation numérique), as published. */
export const STANDARD_FIELDS: readonly TableField[] = (tableSchema as { fields: TableField[] }).fields;
export const STANDARD_FIELD_NAMES: readonly string[] = STANDARD_FIELDS.map((f) => f.name);

// Table Schema patterns match the whole value (XML Schema semantics), hence the anchors.
const PATTERNS = new Map(
  STANDARD_FIELDS.filter((f) => f.constraints?.pattern).map((f) => [
    f.name,
    new RegExp(`^(?:${f.constraints!.pattern})$`, 'u'),
  ]),
);

/** Plain words for the patterns that are not lists of values. */
const PATTERN_HINTS: Record<string, string> = {
  pivot: 'must be a SIRET (14 digits), a SIREN (9 digits) or an RNA number (W + 9 digits), without spaces',
  code_postal: 'must be a postal code of 5 digits (e.g. 47000)',
  code_insee: 'must be an INSEE commune code of 5 characters (e.g. 47001), not the postal code',
  telephone: 'must be one phone number in international form without spaces (e.g. +33553690000)',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isUri(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The allowed values of a `(?:(?:^|\|)(A|B|C))+$` pattern, to name them in a problem. */
function allowedValues(pattern: string): string[] | null {
  const head = '(?:(?:^|\\|)(';
  const tail = '))+$';
  if (!pattern.startsWith(head) || !pattern.endsWith(tail)) return null;
  return pattern
    .slice(head.length, -tail.length)
    .split('|')
    .map((v) => v.replace(/\\(.)/g, '$1'));
}

/**
 * Checks one record of the national standard, every cell as its text (CSV form; empty means missing), against
 * every constraint of the Table Schema: required, type and format, pattern, enum, lengths, bounds.
 * `unique` needs the whole file: the caller checks it.
 */
export function checkStandardRecord(cells: Record<string, string>): CellProblem[] {
  const problems: CellProblem[] = [];
  for (const field of STANDARD_FIELDS) {
    const value = cells[field.name] ?? '';
    const c = field.constraints ?? {};
    const add = (problem: string) => problems.push({ field: field.name, value, problem });
    if (value === '') {
      if (c.required) add('is required and empty');
      continue;
    }
    switch (field.type ?? 'string') {
      case 'number':
      case 'integer': {
        if (!NUMBER.test(value) || (field.type === 'integer' && !/^[+-]?\d+$/.test(value))) {
          add(`must be a ${field.type} written with a dot as decimal separator (e.g. 44.2031)`);
          continue;
        }
        const n = Number(value);
        if (c.minimum !== undefined && n < c.minimum) add(`must be at least ${c.minimum}`);
        if (c.maximum !== undefined && n > c.maximum) add(`must be at most ${c.maximum}`);
        break;
      }
      case 'date':
        if (!isCalendarDate(value)) add('must be a real date written YYYY-MM-DD (e.g. 2024-04-02)');
        break;
      case 'boolean':
        if (!['true', 'false'].includes(value)) add('must be true or false');
        break;
      default:
        if (field.format === 'email' && !EMAIL.test(value)) add('must be an e-mail address');
        if (field.format === 'uri' && !isUri(value)) add('must be a URL');
    }
    if (c.minLength !== undefined && [...value].length < c.minLength)
      add(`must be at least ${c.minLength} characters`);
    if (c.maxLength !== undefined && [...value].length > c.maxLength)
      add(`must be at most ${c.maxLength} characters (it has ${[...value].length})`);
    if (c.enum && !c.enum.includes(value)) add(`must be one of: ${c.enum.join(', ')}`);
    const pattern = PATTERNS.get(field.name);
    if (pattern && !pattern.test(value)) {
      const allowed = allowedValues(c.pattern!);
      add(
        allowed
          ? `each |-separated value must be one of: ${allowed.join(', ')}`
          : (PATTERN_HINTS[field.name] ?? `does not match the expected form ${c.pattern}`),
      );
    }
  }
  return problems;
}
