import { suppressedCells, type CellGroup, type PublishedCount } from './disclosure';
import { programmeFigureRows } from './dashboard';
import type { FigureRow } from '../figures/figures';

/** Stands for every university or every track in a total row. */
export const allValues = 'all';

/**
 * One cell of the open figures: a quarter's completions, completed training hours and trainees for
 * one university and one track, or a total over all of either (`all`). A count of people under
 * the minimum-cell rule is null, and so are the hours of a suppressed completion count (they
 * would give it away).
 */
export interface OpenFigure {
  quarter: string;
  university: string;
  track: string;
  completions: PublishedCount;
  hours: number | null;
  trainees: PublishedCount;
}

interface Cell {
  completions: number;
  hours: number;
  trainees: Set<string>;
}

const keyOf = (university: string, track: string) => `${university}|${track}`;

/** The groups that tie a quarter's table together: each row and each column to its total, and the totals to the grand total. */
function groupsOf(universities: readonly string[], tracks: readonly string[]): CellGroup[] {
  return [
    ...universities.map((u) => ({ total: keyOf(u, allValues), parts: tracks.map((t) => keyOf(u, t)) })),
    ...tracks.map((t) => ({ total: keyOf(allValues, t), parts: universities.map((u) => keyOf(u, t)) })),
    { total: keyOf(allValues, allValues), parts: universities.map((u) => keyOf(u, allValues)) },
    { total: keyOf(allValues, allValues), parts: tracks.map((t) => keyOf(allValues, t)) },
  ];
}

function quarterFigures(quarter: string, rows: readonly FigureRow[]): OpenFigure[] {
  const cells = new Map<string, Cell>();
  const add = (key: string, row: FigureRow) => {
    const cell = cells.get(key) ?? { completions: 0, hours: 0, trainees: new Set<string>() };
    cells.set(key, cell);
    cell.trainees.add(row.traineeId);
    if (row.status === 'completed') {
      cell.completions++;
      cell.hours += row.hours;
    }
  };
  for (const row of rows)
    for (const university of [row.university, allValues])
      for (const track of [row.track, allValues]) add(keyOf(university, track), row);
  const universities = [...new Set(rows.map((r) => r.university))].sort();
  const tracks = [...new Set(rows.map((r) => r.track))].sort();
  const groups = groupsOf(universities, tracks);
  const hidden = (measure: (c: Cell) => number) =>
    suppressedCells(new Map([...cells].map(([key, cell]) => [key, measure(cell)])), groups);
  const hiddenCompletions = hidden((c) => c.completions);
  const hiddenTrainees = hidden((c) => c.trainees.size);
  return [...universities, allValues].flatMap((university) =>
    [...tracks, allValues].flatMap((track) => {
      const key = keyOf(university, track);
      const cell = cells.get(key);
      if (!cell) return [];
      const completions = hiddenCompletions.has(key) ? null : cell.completions;
      return [
        {
          quarter,
          university,
          track,
          completions,
          hours: completions === null ? null : Math.round(cell.hours * 10) / 10,
          trainees: hiddenTrainees.has(key) ? null : cell.trainees.size,
        },
      ];
    }),
  );
}

const computed = new WeakMap<readonly FigureRow[], OpenFigure[]>();

/**
 * The programme's open figures, quarter by quarter (latest first): what the city uploads to the
 * national open-data portal. Computed from the dashboard's rows, once per version of them.
 */
export async function openFigures(): Promise<OpenFigure[]> {
  const rows = await programmeFigureRows();
  let figures = computed.get(rows);
  if (!figures) {
    const byQuarter = new Map<string, FigureRow[]>();
    for (const row of rows) {
      const quarter = byQuarter.get(row.quarter);
      if (quarter) quarter.push(row);
      else byQuarter.set(row.quarter, [row]);
    }
    figures = [...byQuarter.keys()]
      .sort()
      .reverse()
      .flatMap((quarter) => quarterFigures(quarter, byQuarter.get(quarter)!));
    computed.set(rows, figures);
  }
  return figures;
}

/** The figures as CSV for spreadsheets and the portal: UTF-8 with a BOM, a suppressed value left empty. */
export function openFiguresCsv(figures: readonly OpenFigure[]): string {
  const header = ['quarter', 'university', 'track', 'completions', 'hours', 'trainees'];
  const lines = figures.map((f) =>
    [f.quarter, f.university, f.track, f.completions, f.hours, f.trainees]
      .map((v) => (v === null ? '' : String(v)))
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
