/** What every benchmark module shares: the result shape, the corpus location and a median. */
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
