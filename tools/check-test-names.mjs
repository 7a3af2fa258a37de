// Every service module has a test file named after it: server/services/<path>.ts is tested by
// test/services/<path>.test.ts. Run by `npm run lint`; names each module without one.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const services = path.join(root, 'server', 'services');

function modules(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modules(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const untested = modules(services)
  .map((file) => path.relative(services, file))
  .filter((rel) => !fs.existsSync(path.join(root, 'test', 'services', rel.replace(/\.ts$/, '.test.ts'))))
  .sort();

if (untested.length) {
  console.error(`${untested.length} service modules have no test named after them:`);
  for (const rel of untested)
    console.error(`  server/services/${rel} → test/services/${rel.replace(/\.ts$/, '.test.ts')}`);
  process.exit(1);
}
console.log('✔ every service module has its test');
