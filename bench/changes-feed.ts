import { performance } from 'node:perf_hooks';
import { User } from '../models/user';
import { toActor } from '../server/services/accounts/auth';
import { createApiToken } from '../server/services/api-tokens/tokens';

export interface FeedFigures {
  pages: number;
  changes: number;
  seconds: number;
  slowestPageMs: number;
  non2xx: number;
  check: string;
}

/**
 * Reads the whole changes feed (/api/v1/changes) from the beginning, a full page (1,000) at a
 * time, as a system syncing for the first time would, with a city token made for the run.
 */
export async function readWholeFeed(baseUrl: string, cityEmail: string): Promise<FeedFigures> {
  const city = await User.findOne({ email: cityEmail });
  if (!city) throw new Error(`no city account ${cityEmail}`);
  const { secret } = await createApiToken(toActor(city), {
    name: 'bench',
    days: 1,
    scopes: ['enrollments:read'],
  });
  const figures: FeedFigures = { pages: 0, changes: 0, seconds: 0, slowestPageMs: 0, non2xx: 0, check: '' };
  const start = performance.now();
  let after = '';
  for (;;) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}/api/v1/changes?limit=1000${after && `&after=${after}`}`, {
      headers: { Authorization: `Bearer ${secret}` },
      signal: AbortSignal.timeout(60_000),
    });
    figures.slowestPageMs = Math.max(figures.slowestPageMs, Math.round(performance.now() - t0));
    if (res.status !== 200) {
      figures.non2xx++;
      figures.check = `✗ ${res.status} ${(await res.text()).slice(0, 200)}`;
      break;
    }
    const page = (await res.json()) as { items: unknown[]; nextCursor: string; more: boolean };
    figures.pages++;
    figures.changes += page.items.length;
    after = page.nextCursor;
    if (!page.more) break;
  }
  figures.seconds = Math.round(performance.now() - start) / 1000;
  figures.check ||= '✓ read to the end';
  return figures;
}
