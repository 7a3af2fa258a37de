import assert from 'node:assert/strict';
import { coalesced } from '../../server/lib/coalesced-refresh';

/** A refresh that records each start and finishes when told. */
function recorder() {
  const started: string[] = [];
  const finish: (() => void)[] = [];
  const refresh = (key: string) => {
    started.push(key);
    return new Promise<string>((resolve) => finish.push(() => resolve(`${key}#${started.length}`)));
  };
  return { started, finish, refresh };
}

const ticks = () => new Promise((resolve) => setImmediate(resolve));

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('coalesced refreshes', () => {
  it('shares one queued refresh among callers arriving while one runs', async () => {
    const r = recorder();
    const { refresh } = coalesced(r.refresh);
    const first = refresh('a');
    const [second, third] = [refresh('a'), refresh('a')];
    await ticks();
    assert.deepEqual(r.started, ['a']);
    r.finish[0]!();
    await first;
    await ticks();
    assert.deepEqual(r.started, ['a', 'a'], 'the queued one starts after the running one');
    r.finish[1]!();
    assert.equal(await second, await third);
  });

  it('holds a refresh back until its gate opens, one refresh for every caller held with it', async () => {
    const r = recorder();
    const { refresh } = coalesced(r.refresh);
    const runEnded = gate();
    const held = [refresh('a', runEnded.opened), refresh('a', runEnded.opened), refresh('a', runEnded.opened)];
    await ticks();
    assert.deepEqual(r.started, [], 'nothing starts before the gate');
    runEnded.open();
    await ticks();
    assert.deepEqual(r.started, ['a']);
    r.finish[0]!();
    assert.deepEqual(await Promise.all(held), ['a#1', 'a#1', 'a#1']);
  });

  it('starts a held-back refresh at once for a reader waiting for what is underway, or a refresh without a gate', async () => {
    const r = recorder();
    const { refresh, underway } = coalesced(r.refresh);
    const held = refresh('a', gate().opened);
    await ticks();
    assert.deepEqual(r.started, []);
    const waited = underway('a');
    assert.ok(waited, 'a held-back refresh counts as underway');
    await ticks();
    assert.deepEqual(r.started, ['a'], 'the reader does not wait for the gate');
    r.finish[0]!();
    assert.equal(await waited, await held);

    const heldB = refresh('b', gate().opened);
    const now = refresh('b');
    await ticks();
    assert.deepEqual(r.started, ['a', 'b'], 'a refresh wanted now starts the held one, which reads after it was asked');
    r.finish[1]!();
    assert.equal(await now, await heldB);
    assert.equal(underway('b'), undefined, 'nothing is underway once it is done');
  });
});
