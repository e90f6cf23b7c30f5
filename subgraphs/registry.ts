import type { EntityManager } from '@mikro-orm/postgresql';
import type { Seeder } from './shared/main';
import type { SubgraphDefinition } from './shared/subgraph';
import { placesSubgraph } from './places';
import { trainingSubgraph } from './training';
import { seedPlaces } from '../seeds/places.seeder';
import { seedTraining } from '../seeds/training.seeder';
import { fundingSubgraph } from './funding';
import { seedFunding } from '../seeds/funding.seeder';
import { peopleSubgraph } from './people';
import { seedPeople } from '../seeds/people.seeder';
import { rebuildActivityRollup } from './people/activity/activity-rollup';
import { rebuildTrainingDaily } from './training/territory/training-daily';
import { rebuildPassRollups } from './funding/territory/pass-rollups';

export interface RegisteredSubgraph {
  definition: SubgraphDefinition<any>;
  seed: Seeder;
  /** Its indicator rollups (subgraphs/shared/INDICATORS.md, "Rollups"), and their rebuild from the raw rows. */
  rollups?: { tables: string; rebuild: (em: EntityManager) => Promise<number> };
}

/**
 * Every subgraph of the hub, in start order. Only tooling reads this list (schema composition, `npm start`,
 * tests, benchmark); subgraphs never import each other, and the gateway reads the supergraph.
 */
export const subgraphs: RegisteredSubgraph[] = [
  { definition: placesSubgraph, seed: seedPlaces },
  {
    definition: peopleSubgraph,
    seed: seedPeople,
    rollups: { tables: 'activity_rollup, activity_rollup_year', rebuild: rebuildActivityRollup },
  },
  {
    definition: trainingSubgraph,
    seed: seedTraining,
    rollups: { tables: 'training_daily', rebuild: rebuildTrainingDaily },
  },
  {
    definition: fundingSubgraph,
    seed: seedFunding,
    rollups: {
      tables:
        'pass_issued_daily, pass_expiry_daily, pass_redeemed_daily, pass_reimbursed_monthly, pass_issued_monthly, pass_redeemed_monthly',
      rebuild: async (em) => Object.values(await rebuildPassRollups(em)).reduce((a, b) => a + b, 0),
    },
  },
];
