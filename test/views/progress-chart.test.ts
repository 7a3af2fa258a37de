import assert from 'node:assert/strict';
import type { HelperOptions } from 'handlebars';
import Handlebars from 'handlebars';
import type { MeasureProgress, ProgressChart, TargetProgressRow } from '../../server/services/city/target-progress';
import { progressChart } from '../../views/helpers/progress-chart';

describe('progressChart helper', () => {
  const labels: Record<string, string> = {
    'targets.chart.hours': '<b>교육 시간</b>',
    'city.university_postech': '포스텍',
    'courses.tracks.cell': '셀·공정',
  };
  const page = { data: { root: { lang: 'ko', t: (key: string) => labels[key] ?? key } } } as unknown as HelperOptions;
  const measure = (actual: number, target: number | null): MeasureProgress => ({
    actual,
    target,
    ratio: target ? actual / target : null,
    met: target === null ? null : actual >= target,
  });
  const row = (
    scope: TargetProgressRow['scope'],
    key: string,
    hours: MeasureProgress,
    skillName?: { ko: string; en: string },
  ) => ({
    university: 'postech',
    scope,
    key,
    skillName,
    measures: { trainees: measure(0, null), completions: measure(0, null), hours },
  });

  it('returns safe markup with every label escaped, one bar per target, and the table numbers as its values', () => {
    const chart: ProgressChart = {
      measure: 'hours',
      rows: [
        row('all', '', measure(30, 40)),
        row('track', 'cell', measure(12, 10)),
        row('skill', 'x', measure(0, 0), { ko: '<img src=x onerror=alert(1)>', en: 'x' }),
      ],
    };
    const svg = progressChart(chart, page);
    assert.ok(svg instanceof Handlebars.SafeString);
    const text = svg.toHTML();
    assert.ok(!text.includes('<img') && !text.includes('<b>'));
    assert.ok(text.includes('aria-label="&lt;b&gt;교육 시간&lt;/b&gt;"'));
    // The target line stands at 100% of each bar's scale.
    assert.equal([...text.matchAll(/<line x1="160" y1="0" x2="160"/g)].length, 3);
    assert.deepEqual(
      [...text.matchAll(/class="chart-label">([^<]+)</g)].map((m) => m[1]),
      ['포스텍', '포스텍 · 셀·공정', '포스텍 · &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'],
    );
    assert.deepEqual(
      [...text.matchAll(/class="chart-value">([^<]+)</g)].map((m) => m[1]),
      ['30 / 40 (75%)', '12 / 10 (120%)', '0 / 0 (—)'],
    );
    // Bars in proportion to the share reached; a target of 0 is met and drawn full.
    const widths = [...text.matchAll(/<rect [^>]*width="(\d+)"[^>]*class="chart-bar (\w+)"/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    assert.deepEqual(widths, [
      [120, 'short'],
      [192, 'met'],
      [160, 'met'],
    ]);
  });
});
