/**
 * The store's concurrency figures (BENCHMARKS.md): larger runs of the unit tests' stress and crash
 * tests (test/fixtures/store/stress.ts). Stress: 8 writer processes at once, 10 rounds, each
 * tagging, editing or importing 50 findings into one report. Crash: 4 writers at once, 12 waves,
 * all but one per wave killed (SIGKILL): half at a random time of their run, half within 20 ms of
 * taking the lock. Reported: changes
 * acknowledged (exit 0), changes lost, and for the crash run writers killed and leftovers.
 */
import { promises as fs } from 'node:fs';
import { buildWriters, crash, seeded, stress } from '../test/fixtures/store/stress';
import type { BenchResult } from './lib/common';

export async function bench(): Promise<BenchResult[]> {
  const writers = await buildWriters();
  try {
    const s = await stress(writers, { writers: 8, rounds: 10, importSize: 50 });
    const c = await crash(writers, { writers: 4, waves: 12, importSize: 200, killWithinMs: 700, random: seeded(7) });
    if (s.failed.length > 0) console.error(s.failed.join('\n'));
    if (c.problems.length > 0) console.error(c.problems.join('\n'));
    return [
      { name: 'stress: writers at once', value: s.writers, unit: 'processes' },
      { name: 'stress: rounds', value: s.rounds, unit: 'rounds' },
      { name: 'stress: changes acknowledged', value: s.acknowledged, unit: 'changes' },
      { name: 'stress: processes failed', value: s.failed.length, unit: 'processes' },
      { name: 'stress: acknowledged changes lost', value: s.lost.length, unit: 'changes' },
      { name: 'stress: wall clock', value: s.ms, unit: 'ms' },
      { name: 'crash: writers started', value: c.started, unit: 'processes' },
      { name: 'crash: writers killed', value: c.killed, unit: 'processes' },
      { name: 'crash: of those, killed holding the lock (mid-write)', value: c.killedHoldingLock, unit: 'processes' },
      { name: 'crash: changes acknowledged', value: c.acknowledged, unit: 'changes' },
      { name: 'crash: acknowledged changes lost', value: c.lost.length, unit: 'changes' },
      { name: 'crash: lock and temporary files left by killed writers (after each wave)', value: c.leftovers, unit: 'files' },
      { name: 'crash: problems (unparsable store, lock not taken, leftovers not removed)', value: c.problems.length, unit: 'problems' },
    ];
  } finally {
    await fs.rm(writers.dir, { recursive: true, force: true });
  }
}
