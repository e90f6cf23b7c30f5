import type { InputProblems } from './errors';

/** The standard's phone pattern: E.164 with the French country codes. */
export const PHONE_PATTERN = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Field checks shared by every subgraph's input validation; each records a problem under its field name. */
export const checks = {
  requiredText(problems: InputProblems, field: string, value: string | null | undefined, max = 300): void {
    if (value === undefined) return;
    if (value === null || value.trim() === '') problems.add(field, 'must not be empty');
    else if (value.length > max) problems.add(field, `at most ${max} characters`);
  },
  optionalText(problems: InputProblems, field: string, value: string | null | undefined, max = 5000): void {
    if (value != null && value.length > max) problems.add(field, `at most ${max} characters`);
  },
  phone(problems: InputProblems, field: string, value: string | null | undefined): void {
    if (value != null && !PHONE_PATTERN.test(value))
      problems.add(field, 'must be in E.164 form, e.g. +33553000000');
  },
  emails(problems: InputProblems, field: string, values: string[] | null | undefined): void {
    const bad = (values ?? []).filter((v) => !EMAIL_PATTERN.test(v));
    if (bad.length) problems.add(field, `not e-mail addresses: ${bad.join(', ')}`);
  },
  urls(problems: InputProblems, field: string, values: (string | null | undefined)[]): void {
    const bad = values.filter((v): v is string => v != null && !isHttpUrl(v));
    if (bad.length) problems.add(field, `not http(s) URLs: ${bad.join(', ')}`);
  },
  latitude(problems: InputProblems, field: string, value: number | null | undefined): void {
    if (value != null && !(Number.isFinite(value) && value >= -90 && value <= 90))
      problems.add(field, 'must be between -90 and 90');
  },
  longitude(problems: InputProblems, field: string, value: number | null | undefined): void {
    if (value != null && !(Number.isFinite(value) && value >= -180 && value <= 180))
      problems.add(field, 'must be between -180 and 180');
  },
};
