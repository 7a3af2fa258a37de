import assert from 'node:assert/strict';
import type { HelperOptions } from 'handlebars';
import Handlebars from 'handlebars';
import type { BarChart } from '../../server/services/city/dashboard';
import { barChart } from '../../views/helpers/bar-chart';

describe('barChart helper', () => {
  const labels: Record<string, string> = {
    'chart.title': '<b>수료</b>',
    'city.university_postech': '포스텍',
    'city.university_korea': '고려대학교',
  };
  const page = { data: { root: { lang: 'ko', t: (key: string) => labels[key] ?? key } } } as unknown as HelperOptions;
  const svgOf = (chart: BarChart) => barChart(chart, page).toHTML();

  it('returns safe markup in which every label and the title are escaped', () => {
    const chart = barChart(
      { title: 'chart.title', kind: 'quarter', bars: [{ key: '<script>alert(1)</script>', value: 3 }] },
      page,
    );
    assert.ok(chart instanceof Handlebars.SafeString);
    const svg = chart.toHTML();
    assert.ok(svg.startsWith('<div class="chart" role="img"'));
    assert.ok(!svg.includes('<script>') && !svg.includes('<b>'));
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(svg.includes('aria-label="&lt;b&gt;수료&lt;/b&gt;"'));
    // Output raw by the template: a hostile label stays text on the rendered page too.
    const html = Handlebars.create().compile('{{barChart chart}}')(
      { chart: { title: 't', kind: 'quarter', bars: [{ key: '"><img src=x onerror=alert(1)>', value: 1 }] } },
      { helpers: { barChart } },
    );
    assert.ok(!html.includes('<img'));
  });

  it('draws each bar in proportion to the largest, labelled in the page language and sorted by label, with its number', () => {
    const svg = svgOf({
      title: 'chart.title',
      kind: 'university',
      bars: [
        { key: 'postech', value: 4 },
        { key: 'korea', value: 2 },
      ],
    });
    assert.deepEqual(
      [...svg.matchAll(/class="chart-label">([^<]+)</g)].map((m) => m[1]),
      ['고려대학교', '포스텍'],
    );
    assert.deepEqual(
      [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1])),
      [150, 300],
    );
    assert.deepEqual(
      [...svg.matchAll(/class="chart-value">([^<]+)</g)].map((m) => m[1]),
      ['2', '4'],
    );
  });

  it('shows rates as percentages and no rate as a dash with no bar', () => {
    const svg = svgOf({
      title: 't',
      kind: 'quarter',
      percent: true,
      bars: [
        { key: 'a', value: 0.8 },
        { key: 'b', value: 2 / 3 },
        { key: 'c', value: null },
      ],
    });
    assert.deepEqual(
      [...svg.matchAll(/class="chart-value">([^<]+)</g)].map((m) => m[1]),
      ['80%', '66.7%', '—'],
    );
    assert.deepEqual(
      [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1])),
      [240, 200, 0],
    );
  });

  it('keeps labels and values as page text outside the SVG, so a narrow screen does not shrink them', () => {
    const markup = svgOf({ title: 't', kind: 'quarter', bars: [{ key: 'Kyungpook National University', value: 1 }] });
    const svg = /<svg[^]*?<\/svg>/.exec(markup)?.[0] ?? '';
    assert.ok(svg.includes('preserveAspectRatio="none"') && svg.includes('aria-hidden="true"'));
    assert.ok(!svg.includes('<text'), 'no text is drawn in the scaled SVG');
    assert.ok(markup.includes('<span class="chart-label">Kyungpook National University</span>'));
  });
});
