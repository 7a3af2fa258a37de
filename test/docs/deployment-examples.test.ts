import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configVariables, loadConfig } from '../../server/config';
import { rootDir } from '../../server/paths';
import { splitPage } from './markdown';

const examplesDir = path.join(rootDir, 'docs', 'examples');
const unitFile = path.join(examplesDir, 'battery-talent-hub.service');
const nginxFile = path.join(examplesDir, 'nginx.conf');

/** The unit's `Key=Value` settings by section, in order (a key may repeat, as Environment= does). */
function readUnit(source: string): Map<string, [key: string, value: string][]> {
  const sections = new Map<string, [string, string][]>();
  let current: [string, string][] | undefined;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) sections.set(section[1]!, (current = []));
    else {
      const eq = line.indexOf('=');
      assert.ok(current && eq > 0, `not a setting inside a section: ${line}`);
      current.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
    }
  }
  return sections;
}

/** Environment= values: assignments separated by spaces, each possibly in double quotes (systemd.exec). */
function assignments(value: string): [name: string, value: string][] {
  return [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => {
    const text = (m[1] ?? m[2])!;
    const eq = text.indexOf('=');
    return [text.slice(0, eq), text.slice(eq + 1)];
  });
}

interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

/** nginx's configuration as a tree of directives: words up to `;`, or up to a `{ … }` block. */
function readNginx(source: string): Directive[] {
  const tokens = [
    ...source.replace(/#[^\n]*/g, '').matchAll(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[{};]|[^\s{};]+/g),
  ].map((m) => m[0].replace(/^(["'])(.*)\1$/, '$2'));
  let i = 0;
  const block = (): Directive[] => {
    const directives: Directive[] = [];
    while (i < tokens.length && tokens[i] !== '}') {
      const words: string[] = [];
      while (i < tokens.length && !['{', ';', '}'].includes(tokens[i]!)) words.push(tokens[i++]!);
      const [name = '', ...args] = words;
      if (tokens[i] === '{') {
        i++;
        directives.push({ name, args, block: block() });
        assert.equal(tokens[i++], '}', `the block of ${name} is not closed`);
      } else {
        assert.equal(tokens[i++], ';', `${name} does not end with ;`);
        directives.push({ name, args });
      }
    }
    return directives;
  };
  const tree = block();
  assert.equal(i, tokens.length, 'a } closes nothing');
  return tree;
}

const all = (tree: Directive[], name: string): Directive[] =>
  tree.flatMap((d) => [...(d.name === name ? [d] : []), ...all(d.block ?? [], name)]);

describe('docs: the deployment examples', () => {
  const unit = readUnit(fs.readFileSync(unitFile, 'utf8'));
  const service = unit.get('Service') ?? [];
  const setting = (key: string) => service.filter(([k]) => k === key).map(([, v]) => v);
  const environment = new Map(setting('Environment').flatMap(assignments));
  const pkg = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it("runs in the systemd unit's ExecStart the command that `npm start` runs", () => {
    const [execStart, ...more] = setting('ExecStart');
    assert.ok(execStart && more.length === 0, 'one ExecStart');
    const [program = '', ...args] = execStart.split(/\s+/);
    assert.ok(path.isAbsolute(program), `ExecStart names its program by an absolute path: ${program}`);
    assert.deepEqual([path.basename(program), ...args], pkg.scripts.start!.split(/\s+/));
    // npm start builds first; the unit runs the built files, which the page says to build.
    assert.match(pkg.scripts.prestart ?? '', /npm run build/);
    assert.ok(setting('WorkingDirectory').length === 1, 'the command is relative to the install directory');
  });

  it('sets only variables the configuration reads, to values it accepts, as production needs them', () => {
    assert.ok(environment.size > 0);
    assert.deepEqual(
      [...environment.keys()].filter((name) => !configVariables.includes(name)),
      [],
      'Environment= names a variable server/config.ts does not read',
    );
    assert.equal(environment.get('NODE_ENV'), 'production');
    assert.equal(environment.get('TRUST_PROXY'), '1', 'the unit stands behind the nginx example');
    // The secrets come from EnvironmentFile=, never from the unit.
    for (const secret of ['SESSION_SECRET', 'EXPORT_PSEUDONYM_SECRET', 'SMTP_URL'])
      assert.ok(!environment.has(secret), `${secret} is set in the unit`);
    assert.equal(setting('EnvironmentFile').length, 1);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-unit-'));
    try {
      const config = loadConfig({
        ...Object.fromEntries(environment),
        DATA_DIR: dataDir,
        SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
      });
      assert.equal(config.trustProxy, true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops the app as its shutdown expects: SIGTERM to the app alone, with time for the drain', () => {
    assert.deepEqual(setting('KillMode'), ['mixed']);
    const index = fs.readFileSync(path.join(rootDir, 'server', 'index.ts'), 'utf8');
    const handlerFinishMs = Number(/const handlerFinishMs = ([\d_]+);/.exec(index)?.[1]?.replace(/_/g, ''));
    assert.ok(handlerFinishMs > 0, 'server/index.ts names how long it waits for handlers');
    const grace = Number(environment.get('SHUTDOWN_GRACE_SECONDS') ?? 10);
    const timeout = Number(setting('TimeoutStopSec')[0]);
    assert.ok(
      timeout > grace + handlerFinishMs / 1000,
      `TimeoutStopSec=${timeout} leaves no time beyond the grace period (${grace} s) and the handlers' ${handlerFinishMs / 1000} s`,
    );
  });

  it('has nginx pass the client address and scheme as TRUST_PROXY=1 reads them, to the unit’s address', () => {
    const tree = readNginx(fs.readFileSync(nginxFile, 'utf8'));
    const servers = all(tree, 'server').filter((d) => d.block);
    const tls = servers.filter((s) => all(s.block!, 'listen').some((l) => l.args.includes('ssl')));
    assert.ok(tls.length >= 1, 'a server listens with TLS');
    for (const server of tls) {
      assert.equal(all(server.block!, 'ssl_certificate').length, 1, 'with a certificate');
      const proxied = all(server.block!, 'location').filter((l) => all(l.block ?? [], 'proxy_pass').length);
      assert.ok(proxied.length >= 1, 'and passes requests to the app');
      for (const location of proxied) {
        const headers = new Map(
          all(location.block!, 'proxy_set_header').map((d) => [d.args[0]!.toLowerCase(), d.args[1]]),
        );
        // Express with 'trust proxy' 1 takes the last X-Forwarded-For entry: nginx's own.
        const forwardedFor = headers.get('x-forwarded-for');
        assert.ok(
          forwardedFor === '$remote_addr' || forwardedFor === '$proxy_add_x_forwarded_for',
          `X-Forwarded-For is ${forwardedFor}: nginx must set it to the address it saw`,
        );
        const forwardedProto = headers.get('x-forwarded-proto');
        assert.ok(
          forwardedProto === '$scheme' || forwardedProto === 'https',
          `X-Forwarded-Proto is ${forwardedProto}: without https the app sets no secure session cookie`,
        );
        const target = all(location.block!, 'proxy_pass')[0]!.args[0]!;
        const name = /^http:\/\/([^/:]+)(?::(\d+))?/.exec(target);
        assert.ok(name, `proxy_pass ${target}`);
        const upstream = all(tree, 'upstream').find((u) => u.args[0] === name[1]);
        const addresses = upstream
          ? all(upstream.block!, 'server').map((s) => s.args[0]!)
          : [`${name[1]}:${name[2] ?? '80'}`];
        assert.ok(
          addresses.includes(`${environment.get('HOST')}:${environment.get('PORT')}`),
          `nginx proxies to ${addresses.join(', ')}, the unit listens on ${environment.get('HOST')}:${environment.get('PORT')}`,
        );
      }
    }
  });

  it('are quoted in docs/operations.md exactly as they are', () => {
    const page = fs.readFileSync(path.join(rootDir, 'docs', 'operations.md'), 'utf8');
    const blocks = splitPage(page).code;
    assert.ok(
      blocks.some((b) => b.info === 'ini' && b.body === fs.readFileSync(unitFile, 'utf8')),
      'docs/operations.md quotes docs/examples/battery-talent-hub.service as it is',
    );
    assert.ok(
      blocks.some((b) => b.info === 'nginx' && b.body === fs.readFileSync(nginxFile, 'utf8')),
      'docs/operations.md quotes docs/examples/nginx.conf as it is',
    );
  });
});
