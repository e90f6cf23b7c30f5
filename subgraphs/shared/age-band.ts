import { vocabulary, type ValueOf } from './vocabulary';

/**
 * The national age bands (La Coop de la médiation numérique API v1, CRA v1 `age_*` columns), once for the whole
 * hub: an activity's participants (people) and a Pass numérique beneficiary (funding). Stored as the national
 * codes; the API shows them upper-cased (`AGE_PLUS_60_ANS`).
 */
export const ParticipantAgeBand = vocabulary(
  'ParticipantAgeBand',
  'Age band of the national report (CRA v1 `age_*` columns): of an activity’s participants, of a Pass numérique beneficiary.',
  {
    AGE_MOINS_12_ANS: ['age_moins_12_ans', 'Moins de 12 ans'],
    AGE_DE_12_A_18_ANS: ['age_de_12_a_18_ans', 'Entre 12 et 18 ans'],
    AGE_DE_18_A_35_ANS: ['age_de_18_a_35_ans', 'Entre 18 et 35 ans'],
    AGE_DE_35_A_60_ANS: ['age_de_35_a_60_ans', 'Entre 35 et 60 ans'],
    AGE_PLUS_60_ANS: ['age_plus_60_ans', 'Plus de 60 ans'],
  },
);
export type ParticipantAgeBand = ValueOf<typeof ParticipantAgeBand>;
