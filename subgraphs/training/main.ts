import 'reflect-metadata';
import { runSubgraph } from '../shared/main';
import { seedTraining } from '../../seeds/training.seeder';
import { trainingSubgraph } from './index';

runSubgraph(trainingSubgraph, seedTraining).catch((error) => {
  console.error(error);
  process.exit(1);
});
