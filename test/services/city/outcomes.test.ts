import assert from 'node:assert/strict';
import { Prng } from '../../../bench/prng';
import { outcomeTables } from '../../../server/services/city/outcomes';
import { exposedCells, publishedCells, trueCells } from '../../support/disclosure-attack';
import { generatedFollowUp } from '../../support/outcome-rounds';

describe('the outcome tables against a reader who combines them', () => {
  it('the attacker finds a cell that a naive table gives away (the check can fail)', () => {
    // Three answered in round 3: 2 employed, 1 seeking; everything shown but "seeking" is no protection.
    const model = publishedCells({
      rounds: [3],
      responses: [
        { round: '3', asked: 3, answered: 3 },
        { round: 'all', asked: 3, answered: 3 },
      ],
      universities: [{ university: 'uiduk', asked: 3, answered: 3 }],
      employment: {
        rows: [
          { value: 'employed', byRound: [2] },
          { value: 'seeking', byRound: [null] },
        ],
        totals: [3],
      },
      sector: { rows: [{ value: 'battery', byRound: [2] }], totals: [2] },
      pohang: { rows: [{ value: 'yes', byRound: [2] }], totals: [2] },
      relevance: { rows: [{ value: '4', byRound: [3] }], totals: [3] },
    });
    const exposed = exposedCells(
      model,
      new Map([
        ['employment:3:seeking', 1],
        ['employment:3:employed', 2],
      ]),
    );
    assert.deepEqual(exposed, ['employment:3:seeking=1', 'employment:3:employed=2']);
  });

  it('reveals no small cell of hundreds of generated programmes, by any combination of cells and totals', function () {
    this.timeout(120_000);
    const rng = new Prng(20261205);
    for (let run = 0; run < 200; run++) {
      const universities = ['postech', 'handong', 'uiduk', 'knu'].slice(0, rng.int(1, 4));
      const { asked, answered } = generatedFollowUp(
        rng,
        universities,
        rng.int(0, rng.pick([12, 40, 90])),
        rng.pick([0.5, 0.9]),
      );
      const tables = outcomeTables(asked, answered, universities);
      const exposed = exposedCells(publishedCells(tables), trueCells(asked, answered));
      assert.deepEqual(exposed, [], `run ${run}: ${asked.length} asked, ${answered.length} answered`);
    }
  });
});
