import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../server/config';
import { rootDir } from '../../server/paths';
import { tableUnder } from './markdown';

/**
 * The environment variables server/config.ts reads, from its source: the keys of its zod schema
 * (`const schema = z.object({ NAME: z…`), and any `env.NAME`, `env['NAME']` or `process.env.NAME`
 * read beside it.
 */
export function variablesConfigReads(): string[] {
  const source = fs.readFileSync(path.join(rootDir, 'server', 'config.ts'), 'utf8');
  const start = source.indexOf('const schema = z.object({');
  assert.ok(start >= 0, 'server/config.ts declares its variables in `const schema = z.object({`');
  const end = source.indexOf('\n});', start);
  const schema = source.slice(start, end);
  const keys = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]!);
  const direct = [...source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
  return [...new Set([...keys, ...direct])];
}

describe('docs: the configuration table', () => {
  const readme = fs.readFileSync(path.join(rootDir, 'README.md'), 'utf8');
  const rows = tableUnder(readme, '## Configuration');
  const documented = rows
    .slice(2)
    .map((cells) => /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[0] ?? '')?.[1] ?? `(not one variable: ${cells[0]})`);

  it('reads the variables from the source as the app does', () => {
    assert.deepEqual(variablesConfigReads().sort(), [...configVariables].sort());
  });

  it('has one row per variable that server/config.ts reads, and no other', () => {
    assert.deepEqual(rows[0], ['variable', 'default', 'meaning']);
    const read = variablesConfigReads();
    assert.deepEqual(
      read.filter((v) => !documented.includes(v)),
      [],
      'read by server/config.ts but not in the README table',
    );
    assert.deepEqual(
      documented.filter((v) => !read.includes(v)),
      [],
      'in the README table but not read by server/config.ts',
    );
    assert.deepEqual(
      documented.filter((v, i) => documented.indexOf(v) !== i),
      [],
      'listed twice',
    );
  });
});
