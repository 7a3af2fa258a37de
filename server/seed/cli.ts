// npm run seed: (re)creates the demo data in the configured database.
import { bootstrap } from '../bootstrap';
import { seedUniversities } from './universities';

async function main() {
  const { db } = await bootstrap();
  const created = await seedUniversities();
  console.log(`Partner universities: ${created} created.`);
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
