import assert from 'node:assert/strict';
import { RenderedRows, Spliced } from '../../server/lib/rendered-rows';

/** A cache of strings whose renderings are counted. */
function counted(limits = { variants: 2, size: 1_000 }) {
  const cache = new RenderedRows<string>(limits, (value) => value.length);
  let renders = 0;
  const get = (course: string, sources: readonly unknown[], variant: string, value = `${course} ${variant}`) =>
    cache.get(course, sources, variant, async () => {
      renders++;
      return value;
    });
  return { cache, get, renders: () => renders };
}

describe('RenderedRows: rows rendered once per sources and variant', () => {
  const entries = Object.freeze([{ name: '김' }]);
  const course = Object.freeze({ _id: 'c1' });

  it('renders once for the same sources and variant, again for another variant', async () => {
    const { get, renders } = counted();
    assert.equal(await get('c1', [entries, course], 'ko'), 'c1 ko');
    assert.equal(await get('c1', [entries, course], 'ko'), 'c1 ko');
    assert.equal(renders(), 1);
    assert.equal(await get('c1', [entries, course], 'en'), 'c1 en');
    assert.equal(renders(), 2);
  });

  it('renders again when any source is another object, even an equal one, and forgets the old values', async () => {
    const { cache, get, renders } = counted();
    await get('c1', [entries, course], 'ko');
    await get('c1', [entries, course], 'en');
    assert.equal(await get('c1', [[...entries], course], 'ko', 'new rows'), 'new rows', 'new entries');
    assert.equal(renders(), 3);
    assert.equal(cache.held.values, 1, 'the other language of the old rows is gone');
    const edited = { ...course };
    assert.equal(await get('c1', [entries, edited], 'ko', 'new course'), 'new course', 'a new course document');
    assert.equal(renders(), 4);
  });

  it('shares one rendering between simultaneous requests', async () => {
    const { get, renders } = counted();
    const values = await Promise.all([1, 2, 3].map(() => get('c1', [entries, course], 'ko')));
    assert.deepEqual(values, ['c1 ko', 'c1 ko', 'c1 ko']);
    assert.equal(renders(), 1);
  });

  it('forgets a rendering that failed', async () => {
    const cache = new RenderedRows<string>({ variants: 2, size: 1_000 }, (v) => v.length);
    await assert.rejects(
      cache.get('c1', [entries], 'ko', () => Promise.reject(new Error('template'))),
      /template/,
    );
    assert.equal(await cache.get('c1', [entries], 'ko', async () => 'rows'), 'rows');
  });

  it('renders again a value that is no longer fresh, and keeps the new one in its place', async () => {
    const cache = new RenderedRows<{ html: string; until: number }>({ variants: 2, size: 1_000 }, (v) => v.html.length);
    let renders = 0;
    const at = (now: number) =>
      cache.get(
        'c1',
        [entries, course],
        'ko',
        async () => ({ html: `rendered ${++renders}`, until: now + 10 }),
        (held) => now < held.until,
      );
    assert.equal((await at(0)).html, 'rendered 1');
    assert.equal((await at(9)).html, 'rendered 1', 'still fresh');
    assert.equal((await at(10)).html, 'rendered 2', 'stale at its time');
    assert.equal((await at(19)).html, 'rendered 2');
    assert.deepEqual(cache.held, { values: 1, size: 'rendered 2'.length });
  });

  it('keeps a few variants per course and a bounded total, the least recently used going first', async () => {
    const { cache, get, renders } = counted({ variants: 2, size: 30 });
    await get('c1', [entries], 'a');
    await get('c1', [entries], 'b');
    await get('c1', [entries], 'a');
    await get('c1', [entries], 'c');
    assert.equal(cache.held.values, 2);
    await get('c1', [entries], 'a');
    assert.equal(renders(), 3, "'a' was used more recently than 'b', so 'b' went");
    // Each value is 4 characters: eight fit in 30, so a fourth course drops the first.
    for (const c of ['c2', 'c3', 'c4']) {
      await get(c, [entries], 'a');
      await get(c, [entries], 'b');
    }
    assert.ok(cache.held.size <= 30, `held ${cache.held.size} characters`);
    const before = renders();
    await get('c4', [entries], 'a');
    assert.equal(renders(), before, 'the newest course is still held');
    await get('c1', [entries], 'a');
    assert.equal(renders(), before + 1, 'the oldest course was dropped');
  });
});

describe('Spliced: per-request values in rendered markup', () => {
  it('puts each value where its mark was rendered, and only there', () => {
    const marks = Spliced.marks(['token', 'page']);
    const markup = `<form><input value="${marks.token}"><input value="${marks.page}"></form>`.repeat(2);
    const spliced = Spliced.of(markup, marks);
    assert.equal(
      spliced.fill({ token: 'abc', page: '/x?a=1&amp;b=2' }),
      '<form><input value="abc"><input value="/x?a=1&amp;b=2"></form>'.repeat(2),
    );
    assert.equal(
      spliced.fill({ token: 'def', page: '/' }),
      '<form><input value="def"><input value="/"></form>'.repeat(2),
    );
  });

  it('gives marks no text can guess, different in each process', () => {
    const a = Spliced.marks(['token']);
    const b = Spliced.marks(['token']);
    assert.notEqual(a.token, b.token);
    assert.equal(Spliced.of('no marks here', a).fill({ token: 'x' }), 'no marks here');
  });
});
