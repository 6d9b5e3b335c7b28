/** The shipped sample reports and the test reports, parsed: several authorities, letters and full inspections. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseReportText } from '../../../src/core/parser';
import type { Report } from '../../../src/core/model';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Each report by its path from the project's root (`samples/...`, `test/fixtures/reports/...`), in order. */
export function shippedReports(): { file: string; report: Report }[] {
  const out: { file: string; report: Report }[] = [];
  for (const dir of ['samples', 'test/fixtures/reports']) {
    const full = path.join(ROOT, ...dir.split('/'));
    for (const f of readdirSync(full).filter((n) => /\.(txt|md)$/.test(n) && n !== 'README.md').sort()) {
      out.push({ file: `${dir}/${f}`, report: parseReportText(f, readFileSync(path.join(full, f), 'utf8')) });
    }
  }
  return out;
}
