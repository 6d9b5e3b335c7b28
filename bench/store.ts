/**
 * The annotation store's write path: `ilacs import` of 2,000 findings for one report (read the
 * export, check it, merge it into an empty store, one locked write), and, for comparison, the same
 * findings written one store write each (what the import did before, 250 of them: the cost per
 * write grows with the file, so 2,000 would take minutes).
 *
 * Each run imports into a fresh temporary workspace holding the report; median of 5 runs after a
 * warm-up. The CLI figure is the bundled `dist/cli.js` started as a process (Node's start
 * included), when it has been built.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationStore } from '../src/core/annotations';
import { NodeStoreFileSystem } from '../src/node/storeFileSystem';
import { importExport, parseExport, type TaggedFinding } from '../src/core/export';
import { MANY_REPORT, manyFindingsExport, WORKSPACE_FIXTURES } from '../test/fixtures/store/manyFindings';
import { median, type BenchResult } from './lib/common';

async function freshWorkspace(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-bench-store-'));
  await fs.copyFile(path.join(WORKSPACE_FIXTURES, MANY_REPORT), path.join(root, MANY_REPORT));
  await fs.mkdir(path.join(root, '.ilacs'));
  return root;
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const base = await freshWorkspace();
  try {
    const doc = await manyFindingsExport(base, 2000);
    const text = JSON.stringify(doc, null, 2) + '\n';
    const exportFile = path.join(base, 'many.json');
    await fs.writeFile(exportFile, text);

    const times: number[] = [];
    for (let run = 0; run < 6; run++) {
      const root = await freshWorkspace();
      try {
        const t0 = performance.now();
        const parsed = parseExport(await fs.readFile(exportFile, 'utf8'));
        if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
        const result = await importExport(parsed.doc, new NodeStoreFileSystem(root));
        const ms = performance.now() - t0;
        if (result.addedTags !== 2000) throw new Error(`imported ${result.addedTags} of 2000 tags`);
        if (run > 0) times.push(ms);
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    }
    results.push({ name: 'import 2,000 findings for one report (parse, check, merge, write)', value: Math.round(median(times)), unit: 'ms' });

    const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
    if (existsSync(cli)) {
      const cliTimes: number[] = [];
      for (let run = 0; run < 3; run++) {
        const root = await freshWorkspace();
        try {
          const t0 = performance.now();
          execFileSync(process.execPath, [cli, 'import', exportFile, '--workspace', root], { stdio: 'pipe' });
          cliTimes.push(performance.now() - t0);
        } finally {
          await fs.rm(root, { recursive: true, force: true });
        }
      }
      results.push({ name: 'ilacs import of 2,000 findings, whole process (dist/cli.js)', value: Math.round(median(cliTimes)), unit: 'ms' });
    }

    // One write per finding, as the import did before.
    const perWrite: number[] = [];
    const tags = doc.findings.filter((f): f is TaggedFinding => f.type === 'tagged').slice(0, 250);
    for (let run = 0; run < 3; run++) {
      const root = await freshWorkspace();
      try {
        let next = 0;
        const store = new AnnotationStore(new NodeStoreFileSystem(root), { newId: () => tags[next].id });
        const t0 = performance.now();
        for (; next < tags.length; next++) {
          const f = tags[next];
          await store.add(MANY_REPORT, { paragraph: f.stored.paragraph, selectors: f.stored.selectors, criteria: f.criteria.map((c) => c.id), assessment: f.assessment, status: f.status, note: f.note, author: f.author });
        }
        perWrite.push(performance.now() - t0);
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    }
    results.push({ name: '250 findings written one store write each (for comparison)', value: Math.round(median(perWrite)), unit: 'ms' });
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
  return results;
}
