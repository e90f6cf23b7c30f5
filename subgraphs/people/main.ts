import 'reflect-metadata';
import { runSubgraph } from '../shared/main';
import { seedPeople } from '../../seeds/people.seeder';
import { peopleSubgraph } from './index';
import { startLacoopSchedule } from './lacoop/schedule';

runSubgraph(peopleSubgraph, seedPeople)
  .then((orm) => startLacoopSchedule(orm))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
