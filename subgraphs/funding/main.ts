import 'reflect-metadata';
import { runSubgraph } from '../shared/main';
import { seedFunding } from '../../seeds/funding.seeder';
import { fundingSubgraph } from './index';

runSubgraph(fundingSubgraph, seedFunding).catch((error) => {
  console.error(error);
  process.exit(1);
});
