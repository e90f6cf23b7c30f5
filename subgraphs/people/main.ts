import 'reflect-metadata';
import { runSubgraph } from '../shared/main';
import { seedPeople } from '../../seeds/people.seeder';
import { peopleSubgraph } from './index';
import { startLacoopSchedule } from './lacoop/schedule';
import { isPrimary } from '../../common/workers';

runSubgraph(peopleSubgraph, seedPeople)
  // Once per service: in the primary when it runs WORKERS worker processes.
  .then((orm) => (isPrimary() ? startLacoopSchedule(orm) : undefined))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
