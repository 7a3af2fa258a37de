import autocannon, { type Request } from 'autocannon';

/** What one page under load did: throughput, latency percentiles, and every answer that was not a success. */
export interface LoadFigures {
  connections: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadTarget {
  url: string;
  path?: string;
  /** Per-request paths (e.g. a random course each time); overrides `path`. */
  nextPath?: () => string;
  headers?: Record<string, string>;
}

/** Loads one page with autocannon for `seconds` at `connections`; a request slower than 10 s counts as a timeout. */
export async function load(target: LoadTarget, connections: number, seconds: number): Promise<LoadFigures> {
  const next = target.nextPath;
  const requests: Request[] = [
    next
      ? { method: 'GET', setupRequest: (req) => ({ ...req, path: next() }) }
      : { method: 'GET', path: target.path ?? '/' },
  ];
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    timeout: 10,
    headers: target.headers,
    requests,
  });
  return {
    connections,
    rps: Math.round((result.requests.total / result.duration) * 10) / 10,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
