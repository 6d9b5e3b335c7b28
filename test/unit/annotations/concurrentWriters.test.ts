/**
 * Writer processes on one report at once (real `ilacs tag` and `ilacs import` processes, and
 * processes editing a tag through the core store as the editor does), and writers killed at random
 * points: no acknowledged change may be lost, and every store must parse. Bounded to a few seconds
 * each; the larger runs recorded in BENCHMARKS.md are `npm run bench -- storeStress`.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { buildWriters, crash, seeded, stress, type Writers } from '../../fixtures/store/stress';

describe('store: concurrent and killed writers', function () {
  this.timeout(120_000);
  let writers: Writers;
  before(async () => {
    writers = await buildWriters();
  });
  after(async () => {
    await fs.rm(writers.dir, { recursive: true, force: true });
  });

  it('4 processes tagging, editing and importing into one report at once, 3 rounds: every acknowledged change is there', async () => {
    const figures = await stress(writers, { writers: 4, rounds: 3, importSize: 20 });
    assert.deepEqual(figures.failed, []);
    assert.equal(figures.acknowledged, 12);
    assert.deepEqual(figures.lost, []);
  });

  it('writers killed at random points: every store parses and holds every acknowledged change', async () => {
    const seed = Number(process.env.ILACS_CRASH_SEED ?? 20261207);
    const figures = await crash(writers, { writers: 4, waves: 4, importSize: 200, killWithinMs: 700, random: seeded(seed) });
    assert.deepEqual(figures.problems, [], `seed ${seed}`);
    assert.ok(figures.killed > 0, 'no writer was killed');
    assert.ok(figures.killedHoldingLock > 0, 'no writer was killed in the middle of a write');
    assert.ok(figures.acknowledged >= 4);
    assert.deepEqual(figures.lost, [], `seed ${seed}`);
  });
});
