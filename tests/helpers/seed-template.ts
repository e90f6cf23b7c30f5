import 'reflect-metadata';
import { seedTemplate } from './templates';

// Child process of jest's global setup: builds the seeded template of one subgraph (templates.ts).
seedTemplate(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
