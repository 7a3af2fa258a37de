import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from '../../server/paths';
import { docPages, headingAnchors, linksOf } from './markdown';

/** Where a relative link lands, or why it does not: a missing file, or a heading the page lacks. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined; // leaves the repository
  const [rawPath = '', anchor] = target.split('#', 2);
  const file = rawPath
    ? path.resolve(rawPath.startsWith('/') ? rootDir : path.dirname(page), decodeURI(rawPath).replace(/^\//, ''))
    : page;
  const inRepo = path.relative(rootDir, file);
  if (inRepo.startsWith('..') || path.isAbsolute(inRepo)) return 'points outside the repository';
  if (!fs.existsSync(file)) return 'no such file';
  if (anchor === undefined || !file.endsWith('.md')) return undefined;
  if (!headingAnchors(fs.readFileSync(file, 'utf8')).has(decodeURIComponent(anchor)))
    return `no heading with the anchor #${anchor} in ${path.relative(rootDir, file)}`;
  return undefined;
}

describe('docs: links', () => {
  const pages = docPages();

  it('reads the front page and the docs pages', () => {
    const names = pages.map((p) => path.relative(rootDir, p));
    for (const name of ['README.md', 'docs/operations.md', 'docs/architecture.md', 'docs/security.md'])
      assert.ok(names.includes(name), name);
    assert.ok(names.includes('docs/benchmarks.md') && names.includes('docs/features.md'));
  });

  it('has no relative link to a missing file or heading, in README.md and docs/', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const { line, target } of linksOf(fs.readFileSync(page, 'utf8'))) {
        checked++;
        const why = brokenLink(page, target);
        if (why) broken.push(`${path.relative(rootDir, page)}:${line} ${target}: ${why}`);
      }
    }
    assert.ok(checked > 30, `only ${checked} links found: the link reader is broken`);
    assert.deepEqual(broken, []);
  });

  it('finds headings as GitHub names them, and links as markdown writes them', () => {
    const page = [
      '# Title',
      '## When the engine fails, and `SIGTERM`',
      '## Visitors (방문자, 교육생)',
      '## Title',
      '```sh',
      '# not a heading [nor](a-link.md)',
      '```',
      'See [a](docs/x.md#y), ![b](img.png "t"), `[code](not.md)` and <img src="z.png">.',
      '[ref]: other.md',
    ].join('\n');
    assert.deepEqual(
      [...headingAnchors(page)],
      ['title', 'when-the-engine-fails-and-sigterm', 'visitors-방문자-교육생', 'title-1'],
    );
    assert.deepEqual(
      linksOf(page).map((l) => l.target),
      ['docs/x.md#y', 'img.png', 'z.png', 'other.md'],
    );
  });
});
