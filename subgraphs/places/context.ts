import type { SubgraphContext } from '../shared/subgraph';
import type { PlacesLoaders } from './loaders';

export type PlacesContext = SubgraphContext<PlacesLoaders>;
