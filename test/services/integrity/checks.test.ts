import assert from 'node:assert/strict';
import { allChecks, frequentChecks } from '../../../server/services/integrity/checks';
import { Reads } from '../../../server/services/integrity/reads';
import { useTestApp } from '../../support/app';
import { emptyButUniversities } from '../../support/drift';

describe('integrity/checks: every data check, in the order a repairing run takes them', () => {
  useTestApp();

  it('runs unfinished work first, then history, places, certificates and the copies last', () => {
    const names = allChecks(new Reads()).map((c) => c.name);
    assert.equal(new Set(names).size, names.length, 'each name once');
    assert.equal(names.length, 13);
    const at = (name: string) => {
      const i = names.indexOf(name);
      assert.ok(i >= 0, `${name} in ${names.join()}`);
      return i;
    };
    assert.ok(at('stale-intents') < at('enrollment-without-seat'));
    assert.ok(at('enrollment-without-seat') < at('seat-without-enrollment'), 'missing seats before freed ones');
    assert.ok(at('seat-without-enrollment') < at('seat-count'));
    assert.equal(names.at(-1), 'course-rosters');
    for (const name of frequentChecks) at(name);
  });

  it('finds nothing in an empty programme, and describes each check', async () => {
    await emptyButUniversities();
    for (const check of allChecks(new Reads())) {
      assert.ok(check.description.length > 10, check.name);
      assert.deepEqual(await check.find(), [], check.name);
    }
  });
});
