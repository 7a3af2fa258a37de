import assert from 'node:assert/strict';
import { Prng } from '../../../bench/prng';
import { minimumCell, suppressedCells, type CellGroup } from '../../../server/services/city/disclosure';
import { outcomeTables } from '../../../server/services/city/outcomes';
import { generatedFollowUp } from '../../support/outcome-rounds';

/** Checks the rule's promises on one table: what a reader could work out from the published cells. */
function assertSafe(counts: Map<string, number>, groups: CellGroup[], hidden: Set<string>, label: string) {
  for (const [key, n] of counts)
    if (!hidden.has(key)) assert.ok(n === 0 || n >= minimumCell, `${label}: ${key}=${n} is published`);
  for (const g of groups) {
    const members = [g.total, ...g.parts].filter((k) => hidden.has(k));
    assert.notEqual(members.length, 1, `${label}: ${members[0]} is the only hidden member of ${g.total}`);
    if (!hidden.has(g.total)) {
      const sum = g.parts.filter((k) => hidden.has(k)).reduce((s, k) => s + (counts.get(k) ?? 0), 0);
      assert.ok(sum === 0 || sum >= minimumCell, `${label}: the hidden parts of ${g.total} add up to ${sum}`);
    }
  }
}

describe('the minimum-cell rule', () => {
  it('hides small counts, and a partner so that no hidden cell follows from a total', () => {
    const counts = new Map([
      ['total', 20],
      ['a', 3],
      ['b', 10],
      ['c', 7],
    ]);
    const groups = [{ total: 'total', parts: ['a', 'b', 'c'] }];
    assert.deepEqual([...suppressedCells(counts, groups)].sort(), ['a', 'c']);
  });

  it('hides more when the hidden cells together are still fewer than the minimum', () => {
    const counts = new Map([
      ['total', 30],
      ['a', 1],
      ['b', 1],
      ['c', 6],
      ['d', 22],
    ]);
    const hidden = suppressedCells(counts, [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }]);
    assert.deepEqual([...hidden].sort(), ['a', 'b', 'c']);
  });

  it('holds on hundreds of generated two-way tables (rows, columns and their totals)', () => {
    const rng = new Prng(20261125);
    for (let table = 0; table < 300; table++) {
      const rows = rng.int(1, 6);
      const cols = rng.int(1, 5);
      const counts = new Map<string, number>();
      const groups: CellGroup[] = [];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) counts.set(`${r}:${c}`, rng.chance(0.3) ? 0 : rng.int(0, rng.pick([4, 9, 40])));
      const sum = (keys: string[]) => keys.reduce((s, k) => s + (counts.get(k) ?? 0), 0);
      for (let r = 0; r < rows; r++) {
        const parts = Array.from({ length: cols }, (_v, c) => `${r}:${c}`);
        counts.set(`${r}:*`, sum(parts));
        groups.push({ total: `${r}:*`, parts });
      }
      for (let c = 0; c < cols; c++) {
        const parts = Array.from({ length: rows }, (_v, r) => `${r}:${c}`);
        counts.set(`*:${c}`, sum(parts));
        groups.push({ total: `*:${c}`, parts });
      }
      const rowTotals = Array.from({ length: rows }, (_v, r) => `${r}:*`);
      counts.set('*:*', sum(rowTotals));
      groups.push({ total: '*:*', parts: rowTotals });
      groups.push({ total: '*:*', parts: Array.from({ length: cols }, (_v, c) => `*:${c}`) });
      assertSafe(counts, groups, suppressedCells(counts, groups), `table ${table}`);
    }
  });

  it('applies to the outcome tables: every published count is computed independently and none is below the minimum', () => {
    const rng = new Prng(7);
    const universities = ['postech', 'handong', 'uiduk'];
    for (let run = 0; run < 50; run++) {
      const { asked, answered } = generatedFollowUp(rng, universities, rng.int(0, 60), 0.6);
      const tables = outcomeTables(asked, answered, universities);
      const published: number[] = [];
      const check = (shown: number | null, actual: number, what: string) => {
        if (shown === null) return;
        assert.equal(shown, actual, what);
        published.push(shown);
      };
      for (const row of tables.responses) {
        const inRound = (r: { round: number }) => row.round === 'all' || String(r.round) === row.round;
        check(row.asked, asked.filter(inRound).length, `asked ${row.round}`);
        check(row.answered, answered.filter(inRound).length, `answered ${row.round}`);
        if (row.rate !== null) assert.equal(row.rate, answered.filter(inRound).length / asked.filter(inRound).length);
      }
      for (const [i, round] of tables.rounds.entries()) {
        const own = answered.filter((a) => a.round === round);
        for (const row of tables.employment.rows)
          check(row.byRound[i]!, own.filter((a) => a.employment === row.value).length, `${round} ${row.value}`);
        for (const row of tables.sector.rows)
          check(row.byRound[i]!, own.filter((a) => a.sector === row.value).length, `${round} ${row.value}`);
        for (const row of tables.pohang.rows)
          check(
            row.byRound[i]!,
            own.filter((a) => a.employment === 'employed' && a.inPohang === (row.value === 'yes')).length,
            `${round} Pohang ${row.value}`,
          );
        for (const row of tables.relevance.rows)
          check(row.byRound[i]!, own.filter((a) => String(a.relevance) === row.value).length, `${round} ${row.value}`);
      }
      for (const row of tables.universities) {
        check(row.asked, asked.filter((a) => a.university === row.university).length, row.university);
        check(row.answered, answered.filter((a) => a.university === row.university).length, row.university);
      }
      for (const n of published) assert.ok(n === 0 || n >= minimumCell, `run ${run}: ${n} published`);
    }
  });
});
