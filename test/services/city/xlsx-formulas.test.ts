import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { toActor } from '../../../server/services/accounts/auth';
import { exportCsv, exportXlsx } from '../../../server/services/city/export';
import { useTestApp } from '../../support/app';
import { exportContext } from '../../support/export-context';
import { workbookOf } from '../../support/documents';
import { collectBytes, collectText } from '../../support/streams';
import { days, make } from '../../support/factories';

const formulas = ['=HYPERLINK("http://evil.example","열기")', '+1+2', '-3+4', '@SUM(A1)', '\t=1+1', '\r=1+1'];
/** Names are stored trimmed, so none starts with a tab or carriage return. */
const names = formulas.filter((f) => !/^\s/.test(f));

describe('spreadsheet exports keep typed texts as texts', () => {
  useTestApp();

  it('writes course titles and names that start like a formula as apostrophe-prefixed text cells in the XLSX', async () => {
    const course = await make.course({
      status: 'closed',
      days: days('2026-05-11', 2),
      code: 'XLSX-1',
      title: { ko: formulas[0]!, en: 'Formula' },
    });
    for (const name of names) await make.enrollment(course, await make.trainee({ name, consent: true }));
    const city = toActor(await make.cityStaff());

    const context = await exportContext();
    const workbook = await workbookOf(
      await collectBytes((out) => exportXlsx(city, { period: '2026-Q2' }, out, context)),
    );
    const sheet = workbook.getWorksheet('수강 내역');
    assert.ok(sheet);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_v, i) => sheet.getRow(i + 2));
    assert.equal(rows.length, names.length);
    for (const row of rows) {
      assert.equal(row.getCell(4).value, `'${formulas[0]}`, 'the course title');
      assert.equal(row.getCell(4).type, ExcelJS.ValueType.String);
      assert.equal(row.getCell(6).type, ExcelJS.ValueType.String);
    }
    assert.deepEqual(rows.map((r) => r.getCell(6).value).sort(), names.map((f) => `'${f}`).sort(), 'the trainee names');
    assert.equal(typeof rows[0]!.getCell(10).value, 'number', 'numbers stay numbers');

    const csv = await collectText(async (stream) =>
      exportCsv(city, { period: '2026-Q2' }, stream, await exportContext()),
    );
    for (const text of ['+1+2', '-3+4', '@SUM(A1)']) assert.ok(csv.includes(`'${text}`), text);
  });
});
