import type { SubgraphContext } from '../shared/subgraph';
import type { FundingLoaders } from './loaders';

export type FundingContext = SubgraphContext<FundingLoaders>;
