import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { builtinCodebook } from '../../../src/core/codebook';
import { parseReport } from '../../../src/core/parser';

const root = path.resolve(__dirname, '..', '..', '..');

function reportsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return reportsUnder(full);
      return /\.(txt|md)$/.test(name) ? [full] : [];
    });
}

describe('judgement areas the parser reports', () => {
  it('are all areas of the built-in codebook, for every fixture, sample and corpus report', () => {
    const known = new Set(builtinCodebook().areas.map((a) => a.id));
    const files = [
      ...reportsUnder(path.join(root, 'test', 'fixtures', 'reports')),
      ...reportsUnder(path.join(root, 'samples')).filter((f) => !f.endsWith('README.md')),
      ...reportsUnder(path.join(root, '..', 'shared', 'reports')),
    ];
    assert.ok(files.length > 10, 'no reports found');
    const unknown: string[] = [];
    for (const file of files) {
      const report = parseReport(file, readFileSync(file));
      for (const j of report.judgements) if (!known.has(j.area)) unknown.push(`${path.basename(file)}: ${j.area}`);
      for (const s of report.sections) if (s.area && !known.has(s.area)) unknown.push(`${path.basename(file)} section: ${s.area}`);
    }
    assert.deepEqual(unknown, []);
  });
});
