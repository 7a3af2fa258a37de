import assert from 'node:assert/strict';
import { cellText, readCell, statusOfTypedMark } from '../../server/forms/attendance-marks';

describe('attendance marks typed into a grid cell', () => {
  it('reads a mark in either language, or the status itself, whatever its case and spaces', () => {
    assert.equal(statusOfTypedMark('출석'), 'present');
    assert.equal(statusOfTypedMark(' Late '), 'late');
    assert.equal(statusOfTypedMark('left early'), 'left_early');
    assert.equal(statusOfTypedMark('LEFT_EARLY'), 'left_early');
    assert.equal(statusOfTypedMark(''), '');
    assert.equal(statusOfTypedMark('자는중'), '자는중', 'an unknown mark stays as typed, for the form to refuse');
  });

  it('reads the remark after the mark: a space, a colon or brackets', () => {
    assert.deepEqual(readCell('공결 병원 진료'), { status: 'excused', remark: '병원 진료' });
    assert.deepEqual(readCell('공결: 병원 진료'), { status: 'excused', remark: '병원 진료' });
    assert.deepEqual(readCell('공결(병원 진료)'), { status: 'excused', remark: '병원 진료' });
    assert.deepEqual(readCell('  결석  '), { status: 'absent', remark: '' });
    assert.deepEqual(readCell(''), { status: '', remark: '' });
  });

  it('writes a cell as it reads it back', () => {
    for (const [label, remark] of [
      ['공결', '병원 진료'],
      ['출석', ''],
      ['Excused', 'doctor (twice)'],
    ] as const) {
      const back = readCell(cellText(label, remark));
      assert.equal(back.remark, remark);
      assert.equal(back.status, statusOfTypedMark(label));
    }
  });
});
