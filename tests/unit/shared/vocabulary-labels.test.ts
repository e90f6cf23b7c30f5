import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../../gateway/examples';
import { vocabulariesOf } from '../../../gateway/vocabularies';

// The French labels the API gives its vocabularies (enum value descriptions, GET /vocabularies), checked against
// the national reference files wherever a value has a national wording, so that a label cannot drift from it.
// Which labels are the hub's own wording: gateway/VOCABULARIES.md.

const root = repositoryRoot();
const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');
const STANDARD = ['subgraphs', 'places', 'exchange', 'reference', 'lieux-mediation-numerique.schema.json'];
const TYPOLOGIES = ['reference', 'vocabularies', 'data-inclusion.v0.typologies-de-structures.json'];
const LACOOP = ['reference', 'vocabularies', 'coop-mediation-numerique.api-v1.openapi.json'];

const vocabularies = vocabulariesOf(read('schema', 'supergraph.graphql'));
const vocabulary = (name: string) => {
  const found = vocabularies.find((v) => v.name === name);
  if (!found) throw new Error(`no enum ${name} in the supergraph`);
  return found.values;
};
const labelOf = (name: string, key: string) => vocabulary(name).find((v) => v.key === key)?.label;

/** A field's values in the national standard (a Frictionless pattern `(?:(?:^|\|)(A|B|…))+$`), in order. */
function standardValues(field: string): string[] {
  const fields = JSON.parse(read(...STANDARD)).fields as {
    name: string;
    constraints?: { pattern?: string };
  }[];
  const pattern = fields.find((f) => f.name === field)?.constraints?.pattern ?? '';
  const inner = /^\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$/.exec(pattern)?.[1];
  if (!inner) throw new Error(`no vocabulary pattern for ${field}`);
  return inner.split('|').map((value) => value.replace(/\\(.)/g, '$1'));
}

/** How the generated keys are made from the standard's labels: no accents, words joined by `_`, upper case. */
const keyOf = (label: string) =>
  label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();

describe('the French labels of the vocabularies follow the national references', () => {
  it.each([
    ['Service', 'services'],
    ['Public', 'publics_specifiquement_adresses'],
    ['SpecificSupport', 'prise_en_charge_specifique'],
    ['Fee', 'frais_a_charge'],
    ['NationalProgramme', 'dispositif_programmes_nationaux'],
    ['TrainingLabel', 'formations_labels'],
    ['AccessMode', 'modalites_acces'],
    ['SupportMode', 'modalites_accompagnement'],
    ['Mobility', 'itinerance'],
  ])('%s: the standard’s exact values of `%s`, in its order, keys made from them', (name, field) => {
    const values = vocabulary(name);
    expect(values.map((v) => v.label)).toEqual(standardValues(field));
    for (const { key, label } of values) expect(key).toBe(keyOf(label!));
  });

  it('Typologie: every data·inclusion v0 structure type, its code as key and its label', () => {
    const reference = JSON.parse(read(...TYPOLOGIES)) as { value: string; label: string }[];
    expect(vocabulary('Typologie').map(({ key, label }) => ({ key, label }))).toEqual(
      reference.map(({ value, label }) => ({ key: value, label })),
    );
  });

  it('participant profiles: the national report’s wording of each CRA v1 column, with its code', () => {
    const columns = JSON.parse(read(...LACOOP)).components.schemas.ArchiveCraV1.properties.attributes
      .properties as Record<string, { description: string }>;
    // "nombre de participants entre 12 et 18 ans" → "Entre 12 et 18 ans"
    const wording = (code: string) => {
      const rest = columns[code].description.replace(/^nombre de participants (de )?/, '');
      return rest.charAt(0).toLocaleUpperCase('fr') + rest.slice(1);
    };
    for (const name of ['ParticipantAgeBand', 'ParticipantSocialStatus', 'PassSocialStatus']) {
      for (const { key, label, code } of vocabulary(name)) {
        expect({ key, label }).toEqual({ key, label: wording(code!) });
      }
    }
  });

  // Values of the hub's own vocabularies that stand for a value of a national one take its exact label.
  it.each([
    ['TrainingPublic', 'SENIORS', 'Public', 'SENIORS'],
    ['TrainingPublic', 'YOUNG_PEOPLE', 'Public', 'JEUNES'],
    ['TrainingFormat', 'REMOTE', 'SupportMode', 'A_DISTANCE'],
    ['ActivityLocationType', 'A_DISTANCE', 'SupportMode', 'A_DISTANCE'],
    ['ActivityType', 'INDIVIDUEL', 'SupportMode', 'ACCOMPAGNEMENT_INDIVIDUEL'],
    ['ActivityType', 'DEMARCHE_ADMINISTRATIVE', 'Service', 'AIDE_AUX_DEMARCHES_ADMINISTRATIVES'],
    ['ActivityTheme', 'AIDE_AUX_DEMARCHES_ADMINISTRATIVES', 'Service', 'AIDE_AUX_DEMARCHES_ADMINISTRATIVES'],
    ['PersonCertification', 'PIX', 'NationalProgramme', 'CERTIFICATION_PIX'],
    ['PlaceKind', 'TIERS_LIEU', 'Typologie', 'TIERS_LIEUX'],
    ['PlaceKind', 'CMS', 'Typologie', 'CMS'],
    ['PlaceKind', 'MEDIATHEQUE', 'Typologie', 'BIB'],
    ['PlaceKind', 'FRANCE_SERVICES', 'Typologie', 'RFS'],
    ['PlaceKind', 'POST_OFFICE', 'Typologie', 'LA_POSTE'],
    ['PlaceKind', 'EPN', 'Typologie', 'EPN'],
    ['PlaceKind', 'ASSOCIATION', 'Typologie', 'ASSO'],
  ])('%s.%s is labelled as %s.%s', (name, key, nationalName, nationalKey) => {
    expect(labelOf(nationalName, nationalKey)).toBeTruthy();
    expect(labelOf(name, key)).toBe(labelOf(nationalName, nationalKey));
  });

  it('gives the same national vocabulary the same labels in every subgraph', () => {
    expect(vocabulary('TrainingTheme')).toEqual(vocabulary('ActivityTheme'));
    const byCode = (name: string) => vocabulary(name).map(({ code, label }) => ({ code, label }));
    expect(byCode('PassSocialStatus')).toEqual(
      byCode('ParticipantSocialStatus').filter((v) => v.code !== 'statut_heterogene'),
    );
  });

  it('labels every value of every enum, and lists every enum in gateway/VOCABULARIES.md', () => {
    const doc = read('gateway', 'VOCABULARIES.md');
    for (const { name, values } of vocabularies) {
      expect(doc).toContain(`\`${name}\``);
      for (const { key, label } of values) {
        // A label, not a sentence: an explanation goes after a blank line (VocabularyValue.description).
        expect({ name, key, label: label && /^\S.{0,99}$/.test(label) && !label.endsWith('.') }).toEqual({
          name,
          key,
          label: true,
        });
      }
    }
  });

  it('reads copies identical to ../shared/reference when it is there', () => {
    const shared = join(root, '..', 'shared', 'reference');
    for (const path of [STANDARD, TYPOLOGIES, LACOOP]) {
      const original = join(shared, path[path.length - 1]);
      if (existsSync(original)) expect(read(...path)).toBe(readFileSync(original, 'utf8'));
    }
  });
});
