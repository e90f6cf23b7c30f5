import type { SubgraphContext } from '../shared/subgraph';
import type { PeopleLoaders } from './loaders';

export type PeopleContext = SubgraphContext<PeopleLoaders>;
