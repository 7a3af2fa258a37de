import { performance } from 'node:perf_hooks';
import { percentile } from './percentile';

export interface ExportFigures {
  name: string;
  runs: number;
  /** Milliseconds per export, in request order. */
  ms: number[];
  p50: number;
  max: number;
  bytes: number;
  non2xx: number;
  errors: number;
  check: string;
}

export interface ExportTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** Part of the content type a real export answers with. */
  type: string;
}

/** Downloads an export `runs` times, one after another, and times each whole download. */
export async function timeExport(target: ExportTarget, runs: number, timeoutMs = 120_000): Promise<ExportFigures> {
  const ms: number[] = [];
  let bytes = 0;
  let non2xx = 0;
  let errors = 0;
  let check = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(timeoutMs) });
      const body = Buffer.from(await res.arrayBuffer());
      ms.push(Math.round(performance.now() - t0));
      bytes = body.length;
      if (res.status < 200 || res.status > 299) non2xx++;
      if (i === 0)
        check =
          res.status === 200 && (res.headers.get('content-type') ?? '').includes(target.type) && body.length > 0
            ? `✓ ${res.headers.get('content-type')}`
            : `✗ ${res.status} ${res.headers.get('content-type')}`;
    } catch (err) {
      errors++;
      ms.push(Math.round(performance.now() - t0));
      if (i === 0) check = `✗ ${(err as Error).message}`;
    }
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    name: target.name,
    runs,
    ms,
    p50: percentile(sorted, 50),
    max: sorted.at(-1) ?? 0,
    bytes,
    non2xx,
    errors,
    check,
  };
}
