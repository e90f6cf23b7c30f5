import 'reflect-metadata';
import { runSubgraph } from '../shared/main';
import { seedPeople } from '../../seeds/people.seeder';
import { peopleSubgraph } from './index';

runSubgraph(peopleSubgraph, seedPeople).catch((error) => {
  console.error(error);
  process.exit(1);
});
