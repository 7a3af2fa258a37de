import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from '../../server/paths';
import { demoPassword } from '../../server/seed/accounts';
import { splitPage, tableUnder } from './markdown';

describe('docs: the front page', () => {
  const readme = fs.readFileSync(path.join(rootDir, 'README.md'), 'utf8');

  it('is at most 200 lines', () => {
    const lines = readme.replace(/\n$/, '').split('\n').length;
    assert.ok(lines <= 200, `README.md has ${lines} lines`);
  });

  it('gives the two commands as they are: the start, and the one CI runs', () => {
    const commands = splitPage(readme)
      .code.filter((b) => b.info === 'sh')
      .flatMap((b) => b.body.split('\n'))
      .map((line) => line.replace(/#.*/, '').trim());
    assert.ok(commands.includes('npm ci && npm start'), 'npm ci && npm start');
    const ci = fs.readFileSync(path.join(rootDir, '.ci', 'run'), 'utf8');
    const ciCommand = ci
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.startsWith('npm '));
    assert.ok(ciCommand && commands.includes(ciCommand), `.ci/run runs "${ciCommand}", which the README gives`);
  });

  it('names the demo accounts the seed makes, and their password', () => {
    const seed = fs.readFileSync(path.join(rootDir, 'server', 'seed', 'accounts.ts'), 'utf8');
    const universities = JSON.parse(
      fs.readFileSync(path.join(rootDir, 'server', 'seed', 'data', 'universities.json'), 'utf8'),
    ) as { code: string }[];
    assert.match(seed, /`staff\.\$\{university\.code\}@demo\.kr`/);
    const made = [
      ...[...seed.matchAll(/email: '([^']+@demo\.kr)'/g)].map((m) => m[1]!),
      ...universities.map((u) => `staff.${u.code}@demo.kr`),
    ].sort();
    const listed = tableUnder(readme, '## Demo accounts')
      .slice(2)
      .flatMap((cells) => [...(cells[1] ?? '').matchAll(/`([^`]+@[^`]+)`/g)].map((m) => m[1]!))
      .sort();
    assert.deepEqual(listed, made);
    assert.ok(readme.includes(`\`${demoPassword}\``), 'the demo password');
  });

  it('says why each package is there (its @types/ aside)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const named = new Set(
      tableUnder(readme, '## Dependencies and why')
        .slice(2)
        .flatMap((cells) => (cells[0] ?? '').split(',').map((name) => name.trim().split(' ')[0]!)),
    );
    assert.deepEqual(
      [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter(
        (name) => !name.startsWith('@types/') && !named.has(name),
      ),
      [],
      'in package.json without a row in "Dependencies and why"',
    );
  });
});
