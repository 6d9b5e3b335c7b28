import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Every `.txt` and `.md` report under `dir` (folders searched too), sorted by name at each level. */
export function listReports(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listReports(full));
    else if (/\.(txt|md)$/i.test(name)) out.push(full);
  }
  return out;
}
