import * as assert from 'node:assert/strict';
import { succeedsWithin, unlessCancelled, withinMs } from '../../../src/extension/timing';

const after = <T>(ms: number, value: T, fail = false): Promise<T> => new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error('failed')) : resolve(value)), ms));

describe('waiting for background work', () => {
  it('gives the value when it comes in time, undefined when it is late', async () => {
    assert.equal(await withinMs(after(1, 'done'), 200), 'done');
    assert.equal(await withinMs(after(200, 'done'), 5), undefined);
  });

  it('says whether work succeeded in time: not when it failed or is still running', async () => {
    assert.equal(await succeedsWithin(after(1, null), 200), true);
    assert.equal(await succeedsWithin(after(1, null, true), 200), false);
    assert.equal(await succeedsWithin(after(200, null), 5), false);
  });
});

describe('timing: answering a cancelled request at once', () => {
  function token(): { isCancellationRequested: boolean; cancel(): void; onCancellationRequested(l: () => void): { dispose(): void } } {
    const listeners = new Set<() => void>();
    return {
      isCancellationRequested: false,
      cancel() {
        this.isCancellationRequested = true;
        for (const l of listeners) l();
      },
      onCancellationRequested(l) {
        listeners.add(l);
        return { dispose: () => listeners.delete(l) };
      },
    };
  }

  it('gives the value when the work ends first', async () => {
    assert.equal(await unlessCancelled(Promise.resolve(7), token()), 7);
  });

  it('gives undefined as soon as the request is cancelled, while the work goes on', async () => {
    const t = token();
    let finish!: (v: number) => void;
    const work = new Promise<number>((resolve) => (finish = resolve));
    const answer = unlessCancelled(work, t);
    t.cancel();
    assert.equal(await answer, undefined);
    finish(3);
    assert.equal(await work, 3, 'the work itself is not stopped');
  });

  it('gives undefined at once for a request cancelled before it starts', async () => {
    const t = token();
    t.cancel();
    assert.equal(await unlessCancelled(new Promise<number>(() => undefined), t), undefined);
  });
});
