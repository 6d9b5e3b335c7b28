/** What every benchmark module shares: the result shape, the corpus location, a median, percentiles, rounding and a seeded generator. */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** The real reports beside the project (`../shared/reports`); benchmarks skip themselves without them. */
export const reportsDir = path.resolve(__dirname, '..', '..', '..', 'shared', 'reports');

/** Every `.txt` file under `dir`, sorted. */
export function listTexts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTexts(full));
    else if (name.endsWith('.txt')) out.push(full);
  }
  return out;
}

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export { seeded } from '../../scripts/lib/random';

/** The nearest-rank `p` percentile of already sorted values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** `v` rounded to `digits` decimals. */
export const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Megabytes of 1,000,000 bytes, as BENCHMARKS.md gives sizes. */
export const mb = (bytes: number): number => round(bytes / 1e6);
