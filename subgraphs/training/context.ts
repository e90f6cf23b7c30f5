import type { SubgraphContext } from '../shared/subgraph';
import type { TrainingLoaders } from './loaders';

export type TrainingContext = SubgraphContext<TrainingLoaders>;
