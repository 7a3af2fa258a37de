import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeptPartialsHandlebars } from '../../server/lib/kept-partials';

describe('partials kept by the view engine', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kept-partials-'));
    fs.mkdirSync(path.join(dir, 'partials'));
    fs.writeFileSync(path.join(dir, 'page.hbs'), '{{> greeting}} {{name}}');
    fs.writeFileSync(path.join(dir, 'partials', 'greeting.hbs'), 'Hello');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const engine = () =>
    new KeptPartialsHandlebars({ extname: '.hbs', partialsDir: path.join(dir, 'partials'), defaultLayout: '' });
  const render = (hbs: KeptPartialsHandlebars, name: string, cache: boolean) =>
    hbs.renderView(path.join(dir, 'page.hbs'), { name, cache, settings: { views: dir } });

  it('looks the partials up once with the view cache on, and renders each page with them', async () => {
    const hbs = engine();
    let lookups = 0;
    const getTemplates = hbs.getTemplates.bind(hbs);
    hbs.getTemplates = (...args) => {
      lookups++;
      return getTemplates(...args);
    };
    assert.equal(await render(hbs, 'Kim', true), 'Hello Kim');
    assert.equal(await render(hbs, 'Lee', true), 'Hello Lee');
    assert.equal(lookups, 1);
  });

  it('reads an edited partial at once without the view cache', async () => {
    const hbs = engine();
    assert.equal(await render(hbs, 'Kim', false), 'Hello Kim');
    fs.writeFileSync(path.join(dir, 'partials', 'greeting.hbs'), 'Hi');
    assert.equal(await render(hbs, 'Kim', false), 'Hi Kim');
  });
});
