import { html } from './html';

/** One request as a client saw it. */
export interface Exchange {
  method: string;
  path: string;
  /** Date.now() when it was sent. */
  sentAt: number;
  ms: number;
  /** Unset when no response came: the connection was refused, closed before an answer, or it timed out. */
  status?: number;
  headers?: Headers;
  body: string;
  /** False when the response began but its body was cut off. */
  complete: boolean;
  /** Why there was no response, or why the body is incomplete. */
  error?: string;
}

function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).name ?? String(err);
}

/**
 * A browser as far as the app can tell: keeps cookies, speaks gzip and keep-alive (Node's
 * fetch), follows no redirect. Every exchange is appended to `log`.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    readonly log: Exchange[],
    private readonly timeoutMs = 15_000,
  ) {}

  get(path: string): Promise<Exchange> {
    return this.send('GET', path);
  }

  post(path: string, form: Record<string, string>): Promise<Exchange> {
    return this.send('POST', path, new URLSearchParams(form));
  }

  forgetCookies(): void {
    this.cookies.clear();
  }

  private async send(method: string, path: string, body?: URLSearchParams): Promise<Exchange> {
    const sentAt = Date.now();
    const exchange: Exchange = { method, path, sentAt, ms: 0, body: '', complete: false };
    this.log.push(exchange);
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      exchange.status = res.status;
      exchange.headers = res.headers;
      for (const cookie of res.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const at = pair.indexOf('=');
        const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
        if (value) this.cookies.set(name, value);
        else this.cookies.delete(name);
      }
      try {
        exchange.body = await res.text();
        exchange.complete = true;
      } catch (err) {
        exchange.error = `body cut off: ${reason(err)}`;
      }
    } catch (err) {
      exchange.error = reason(err);
    }
    exchange.ms = Date.now() - sentAt;
    return exchange;
  }
}

/** The CSRF token of the page's first form, if it has one. */
export function formToken(page: Exchange): string | undefined {
  const token = html(page.body)('input[name=_csrf]').first().val();
  return typeof token === 'string' && token ? token : undefined;
}
