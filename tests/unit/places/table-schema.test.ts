import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { checkStandardRecord } from '../../../subgraphs/places/exchange/table-schema';

const example: Record<string, string>[] = parse(
  readFileSync(
    resolve(
      __dirname,
      '../../../subgraphs/places/exchange/reference/lieux-mediation-numerique.exemple-valide.csv',
    ),
  ),
  { columns: true },
);

describe('checkStandardRecord (Table Schema of the national standard v1.0.2)', () => {
  it('accepts every row of the published valid example', () => {
    expect(example.length).toBeGreaterThan(0);
    for (const row of example) expect(checkStandardRecord(row)).toEqual([]);
  });

  it.each([
    ['nom', '', 'is required'],
    ['pivot', '123 456 789', 'SIRET'],
    ['code_postal', '4700', '5 digits'],
    ['code_insee', '4700A', 'INSEE'],
    ['latitude', '44,2', 'number'],
    ['telephone', '05 53 00 00 00', 'international'],
    ['presentation_resume', 'x'.repeat(281), 'at most 280'],
    ['date_maj', '2024-02-30', 'YYYY-MM-DD'],
    ['date_maj', '02/04/2024', 'YYYY-MM-DD'],
    ['services', 'Aide aux démarches administratives|Cuisine', 'one of'],
    ['itinerance', 'itinérant', 'one of'],
    ['frais_a_charge', 'Gratuit|', 'one of'],
  ])('refuses %s = %j', (field, value, words) => {
    const problems = checkStandardRecord({ ...example[0], [field]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, value });
    expect(problems[0].problem).toContain(words);
  });
});
