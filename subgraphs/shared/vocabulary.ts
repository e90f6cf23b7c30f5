import { registerEnumType } from 'type-graphql';

/** A value of a vocabulary: its French label, or its national code and label when the stored code differs. */
type Entry = string | readonly [code: string, label: string];

/** The enum object a vocabulary makes: key -> stored value (the national code, or else the key itself). */
export type Vocabulary<T extends Record<string, Entry>> = {
  readonly [K in keyof T]: T[K] extends readonly [infer Code, string] ? Code : K;
};

/** The stored values of a vocabulary, as a type: `type PassStatus = ValueOf<typeof PassStatus>`. */
export type ValueOf<V> = V[keyof V];

/**
 * One vocabulary written once: each key with its French label (or description), and its national code where the
 * stored value differs from the key (`KEY: ['national_code', 'Label']`). Returns the enum object (key -> stored
 * value) and registers it as the GraphQL enum `name`, each value described by its label and national code.
 *
 * Each call makes a new object: type-graphql keys an enum's registration by its object, so two subgraphs that
 * name the same national list differently (`ActivityTheme`, `TrainingTheme`) each call it once.
 */
export function vocabulary<const T extends Record<string, Entry>>(
  name: string,
  description: string,
  entries: T,
): Vocabulary<T> {
  const pairs = Object.entries(entries).map(([key, entry]) =>
    typeof entry === 'string'
      ? { key, code: key, description: entry }
      : { key, code: entry[0], description: `${entry[1]} (national code \`${entry[0]}\`)` },
  );
  const values = Object.fromEntries(pairs.map(({ key, code }) => [key, code]));
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(pairs.map(({ key, description }) => [key, { description }])),
  });
  return Object.freeze(values) as Vocabulary<T>;
}
