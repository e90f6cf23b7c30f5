/** Reads an integer environment variable, refusing values that are not integers in range. */
export function intFromEnv(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Hard cap on any page size, whatever the configuration says. */
export const PAGE_SIZE_HARD_CAP = 1000;

/** Largest `first` a connection accepts: MAX_PAGE_SIZE, default 100, never above 1000. */
export function maxPageSize(): number {
  return intFromEnv('MAX_PAGE_SIZE', 100, 1, PAGE_SIZE_HARD_CAP);
}
