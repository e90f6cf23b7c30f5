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

export interface RegisteredSubgraph {
  definition: SubgraphDefinition<any>;
  seed: Seeder;
}

/**
 * Every subgraph of the hub, in start order. Only tooling reads this list (schema composition, `npm start`,
 * tests, benchmark); subgraphs never import each other, and the gateway reads the supergraph.
 */
export const subgraphs: RegisteredSubgraph[] = [
  { definition: placesSubgraph, seed: seedPlaces },
  { definition: peopleSubgraph, seed: seedPeople },
  { definition: trainingSubgraph, seed: seedTraining },
  { definition: fundingSubgraph, seed: seedFunding },
];
