import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { localesDir, rootDir } from '../../../server/paths';
import { auditActions, auditAreas } from '../../../server/services/audit/actions';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The nested value at a dotted i18n key, as the locale file holds it. */
function lookup(lang: string, key: string): unknown {
  const [namespace, ...rest] = key.split('.');
  const file = JSON.parse(fs.readFileSync(path.join(localesDir, lang, `${namespace}.json`), 'utf8')) as unknown;
  return rest.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], file);
}

describe('audit action sentences', () => {
  it('lists every action code the code records (recordAudit takes only listed ones; literals are checked here too)', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(rootDir, 'server'))) {
      for (const [, code] of fs.readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_]+\.[a-z_]+)'/g)) used.add(code!);
    }
    assert.ok(used.size > 20, `found ${used.size} action codes`);
    const listed = new Set<string>(auditActions);
    assert.deepEqual(
      [...used].filter((code) => !listed.has(code)),
      [],
      'add these to server/services/audit/actions.ts',
    );
  });

  it('has a sentence for every action, and a name for every area, in Korean and English', () => {
    for (const lang of ['ko', 'en']) {
      for (const action of auditActions) {
        const sentence = lookup(lang, `audit.actions.${action}`);
        assert.equal(typeof sentence, 'string', `${lang}: no sentence for ${action} (audit.actions.${action})`);
        assert.ok((sentence as string).trim(), `${lang}: empty sentence for ${action}`);
        if (lang === 'ko') assert.match(sentence as string, /[가-힣]/, `ko sentence for ${action} is not Korean`);
      }
      for (const area of auditAreas)
        assert.equal(typeof lookup(lang, `audit.areas.${area}`), 'string', `${lang} ${area}`);
    }
    for (const action of auditActions)
      assert.ok(
        auditAreas.some((area) => action.startsWith(`${area}.`)),
        `${action} belongs to no area of the filter`,
      );
  });
});
