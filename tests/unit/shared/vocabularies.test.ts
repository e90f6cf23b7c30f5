import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../../gateway/examples';
import { vocabulariesOf } from '../../../gateway/vocabularies';
import { SERVICES } from '../../../subgraphs/places/place/vocabularies';

const vocabularies = vocabulariesOf(
  readFileSync(join(repositoryRoot(), 'schema', 'supergraph.graphql'), 'utf8'),
);
const values = (name: string) => vocabularies.find((v) => v.name === name)!.values;

describe('the vocabularies of the API, for frontends', () => {
  it("give a national vocabulary's values the standard's exact French labels", () => {
    for (const { key, label } of values('Service'))
      expect(label).toBe(SERVICES[key as keyof typeof SERVICES]);
  });

  it('give the activity themes their French label and national code, keys unchanged', () => {
    expect(values('ActivityTheme')).toContainEqual({
      key: 'AIDE_AUX_DEMARCHES_ADMINISTRATIVES',
      label: 'Aide aux démarches administratives',
      code: 'aide_aux_demarches_administratives',
    });
  });

  it('give an explanation apart from the label, after a blank line in the description', () => {
    expect(values('PassStatus')).toContainEqual({
      key: 'ISSUED',
      label: 'Émis',
      description: 'Handed out in a carnet, not used yet.',
    });
  });

  it('label every value of every vocabulary, and leave federation enums out', () => {
    expect(vocabularies.map((v) => v.name)).not.toContain('join__Graph');
    for (const name of ['PersonRole', 'TrainingFormat', 'ParticipantAgeBand', 'Typologie', 'AccessMode']) {
      for (const value of values(name)) expect(value.label).toBeTruthy();
    }
  });
});
