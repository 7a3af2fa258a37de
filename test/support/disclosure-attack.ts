/**
 * What a reader of /city/outcomes could work out: the page's cells as unknowns, published ones
 * fixed and suppressed ones anywhere from 0 up, tied by every sum a reader knows holds (each
 * table's rows add up to its total, a round's asked = answered + not answered, the rounds and the
 * universities add up to "all", the employed of the status table are the total of the sector and
 * workplace tables). `exposedCells` then searches, by integer constraint solving, for a second
 * reading of the page in which a small cell (1 to minimumCell − 1 people) has a different value:
 * a cell with no such reading is revealed. Independent of disclosure.ts on purpose.
 *
 * usage: exposedCells(publishedCells(tables), truth) → [] when nothing is revealed.
 */
import { minimumCell, type PublishedCount } from '../../server/services/city/disclosure';

export interface PublishedDistribution {
  rows: { value: string; byRound: PublishedCount[] }[];
  totals: PublishedCount[];
}

/** The page's tables as a reader sees them (the shape of outcomeTables(), or parsed back from the HTML). */
export interface PublishedTables {
  rounds: readonly number[];
  responses: { round: string; asked: PublishedCount; answered: PublishedCount }[];
  universities: { university: string; asked: PublishedCount; answered: PublishedCount }[];
  employment: PublishedDistribution;
  sector: PublishedDistribution;
  pohang: PublishedDistribution;
  relevance: PublishedDistribution;
}

type Domain = readonly [lo: number, hi: number];
interface Equation {
  total: string;
  parts: string[];
}
export interface PageModel {
  domains: Map<string, Domain>;
  equations: Equation[];
}

/** Larger than any count of people a test makes: the upper bound of a cell no sum limits. */
const unbounded = 100_000;

/** The unknowns and sums of the page (throws when one cell is shown twice with two values). */
export function publishedCells(t: PublishedTables): PageModel {
  const domains = new Map<string, Domain>();
  const equations: Equation[] = [];
  const show = (key: string, count: PublishedCount) => {
    const before = domains.get(key);
    const shown: Domain = count === null ? [0, unbounded] : [count, count];
    if (before && before[0] === before[1] && shown[0] === shown[1] && before[0] !== shown[0])
      throw new Error(`${key} is shown as ${before[0]} and as ${shown[0]}`);
    if (!before || before[0] !== before[1]) domains.set(key, shown);
  };
  const rounds = t.rounds.map(String);
  for (const r of t.responses) {
    show(`asked:${r.round}`, r.asked);
    show(`answered:${r.round}`, r.answered);
  }
  for (const u of t.universities) {
    show(`asked:u:${u.university}`, u.asked);
    show(`answered:u:${u.university}`, u.answered);
  }
  const suffixes = [...rounds, 'all', ...t.universities.map((u) => `u:${u.university}`)];
  for (const s of suffixes) {
    domains.set(`unanswered:${s}`, [0, unbounded]);
    equations.push({ total: `asked:${s}`, parts: [`answered:${s}`, `unanswered:${s}`] });
  }
  for (const part of ['asked', 'answered', 'unanswered']) {
    equations.push({ total: `${part}:all`, parts: rounds.map((r) => `${part}:${r}`) });
    // Universities not listed were asked no one: the listed ones add up to "all".
    equations.push({ total: `${part}:all`, parts: t.universities.map((u) => `${part}:u:${u.university}`) });
  }
  const table = (name: string, d: PublishedDistribution, totalOf: (r: string) => string) =>
    rounds.forEach((r, i) => {
      for (const row of d.rows) show(`${name}:${r}:${row.value}`, row.byRound[i] ?? null);
      show(totalOf(r), d.totals[i] ?? null);
      equations.push({ total: totalOf(r), parts: d.rows.map((row) => `${name}:${r}:${row.value}`) });
    });
  table('employment', t.employment, (r) => `answered:${r}`);
  table('relevance', t.relevance, (r) => `answered:${r}`);
  table('sector', t.sector, (r) => `employment:${r}:employed`);
  table('pohang', t.pohang, (r) => `employment:${r}:employed`);
  return { domains, equations };
}

/** Narrows every domain by the sums until nothing changes; false when no reading fits. */
function propagate(domains: Map<string, Domain>, equations: readonly Equation[]): boolean {
  const get = (k: string) => domains.get(k) ?? ([0, 0] as const);
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of equations) {
      const sumLo = parts.reduce((s, p) => s + get(p)[0], 0);
      const sumHi = parts.reduce((s, p) => s + get(p)[1], 0);
      const [tLo, tHi] = get(total);
      const lo = Math.max(tLo, sumLo);
      const hi = Math.min(tHi, sumHi);
      if (lo > hi) return false;
      if (lo !== tLo || hi !== tHi) {
        domains.set(total, [lo, hi]);
        changed = true;
      }
      for (const p of parts) {
        const [pLo, pHi] = get(p);
        const nLo = Math.max(pLo, lo - (sumHi - pHi));
        const nHi = Math.min(pHi, hi - (sumLo - pLo));
        if (nLo > nHi) return false;
        if (nLo !== pLo || nHi !== pHi) {
          domains.set(p, [nLo, nHi]);
          changed = true;
        }
      }
    }
  }
  return true;
}

/** Whether some whole-number reading of every cell fits all the sums within `domains`. */
function feasible(domains: Map<string, Domain>, equations: readonly Equation[]): boolean {
  const d = new Map(domains);
  if (!propagate(d, equations)) return false;
  let open: [string, Domain] | undefined;
  for (const entry of d) if (entry[1][0] < entry[1][1] && (!open || width(entry[1]) < width(open[1]))) open = entry;
  if (!open) return true;
  const [key, [lo, hi]] = open;
  const mid = Math.floor((lo + hi) / 2);
  return feasible(new Map(d).set(key, [lo, mid]), equations) || feasible(new Map(d).set(key, [mid + 1, hi]), equations);
}
const width = ([lo, hi]: Domain) => hi - lo;

/**
 * The cells of 1 to minimumCell − 1 people (by `truth`) that the page reveals: every reading that
 * fits gives them their true value, or none gives them 0 or minimumCell and more (so a reader
 * learns that a few people, and how few, gave that answer).
 */
export function exposedCells(model: PageModel, truth: ReadonlyMap<string, number>): string[] {
  const exposed: string[] = [];
  for (const [key, value] of truth) {
    if (value < 1 || value >= minimumCell) continue;
    const range = model.domains.get(key);
    if (!range) throw new Error(`${key} is not on the page`);
    const fits = (lo: number, hi: number) =>
      feasible(new Map(model.domains).set(key, [Math.max(lo, range[0]), Math.min(hi, range[1])]), model.equations);
    const other = fits(0, value - 1) || fits(value + 1, unbounded);
    const notSmall = fits(0, 0) || fits(minimumCell, unbounded);
    if (!other || !notSmall) exposed.push(`${key}=${value}${other ? ' (known to be small)' : ''}`);
  }
  return exposed;
}

/** The true counts of every cell the page stands for, by the keys of publishedCells, counted directly. */
export function trueCells(
  asked: readonly { round: number; university: string }[],
  answered: readonly {
    round: number;
    university: string;
    employment: string;
    sector?: string | null;
    inPohang?: boolean | null;
    relevance: number;
  }[],
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const a of asked) for (const s of [String(a.round), 'all', `u:${a.university}`]) add(`asked:${s}`);
  for (const a of answered) {
    for (const s of [String(a.round), 'all', `u:${a.university}`]) add(`answered:${s}`);
    add(`employment:${a.round}:${a.employment}`);
    add(`relevance:${a.round}:${a.relevance}`);
    if (a.employment === 'employed') {
      if (a.sector) add(`sector:${a.round}:${a.sector}`);
      add(`pohang:${a.round}:${a.inPohang ? 'yes' : 'no'}`);
    }
  }
  for (const key of [...counts.keys()].filter((k) => k.startsWith('asked:'))) {
    const suffix = key.slice('asked:'.length);
    counts.set(`unanswered:${suffix}`, (counts.get(key) ?? 0) - (counts.get(`answered:${suffix}`) ?? 0));
  }
  return counts;
}
