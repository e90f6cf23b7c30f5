import 'reflect-metadata';
import { runSubgraph } from '../shared/main';
import { seedPlaces } from '../../seeds/places.seeder';
import { placesSubgraph } from './index';

runSubgraph(placesSubgraph, seedPlaces).catch((error) => {
  console.error(error);
  process.exit(1);
});
