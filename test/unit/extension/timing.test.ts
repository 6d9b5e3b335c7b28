import * as assert from 'node:assert/strict';
import { succeedsWithin, withinMs } from '../../../src/extension/timing';

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
