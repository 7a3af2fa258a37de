// npm run seed: empties the configured database and loads the demo data.
import { bootstrap } from '../bootstrap';
import { seedDemo } from './demo';

async function main() {
  const { config, db } = await bootstrap(() => process.exit(1));
  if (config.env === 'production') {
    console.error('Refusing to replace a production database with demo data.');
    process.exitCode = 1;
  } else {
    console.log(await seedDemo());
  }
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
