import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IndexFilling, ParagraphIndex, READER_AFTER, type FeatureReader } from '../../../src/core/recurrence';
import { featureWorkerPath, startFeatureReader } from '../../../src/node/featureThread';
import { openNodeSession } from '../../../src/node/host';
import { shippedReports } from '../helpers/shippedReports';

const reports = shippedReports;

async function filled(reader: FeatureReader | null): Promise<{ index: ParagraphIndex; filling: IndexFilling }> {
  const index = new ParagraphIndex();
  const filling = new IndexFilling(index, { reader: () => reader });
  for (const { file, report } of reports()) await filling.addReport(file, report);
  await filling.finish();
  return { index, filling };
}

/** Every paragraph's best matches, as the CLI lists them. */
function answers(index: ParagraphIndex): string[] {
  const out: string[] = [];
  for (const file of index.files()) {
    for (const p of index.report(file)?.paragraphs ?? []) {
      const matches = index.matches(file, p.id, { threshold: 0, top: 10 });
      out.push(`${file}#${p.id}: ${matches.map((m) => `${m.file}#${m.paragraph} ${m.score.toFixed(6)}`).join(', ')}`);
    }
  }
  return out;
}

describe('reading paragraphs’ features on a worker thread', () => {
  let scratch: string;
  before(() => (scratch = mkdtempSync(path.join(os.tmpdir(), 'ilacs-feature-thread-'))));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('fills the index that reading them on this thread fills', async () => {
    const reader = startFeatureReader({ cores: 2 });
    assert.ok(reader, `a reader on a machine with two cores (script: ${featureWorkerPath()})`);
    const { index, filling } = await filled(reader);
    assert.equal(filling.readerFailed, null);
    assert.ok(filling.readerStarted);
    const here = await filled(null);
    const expected = answers(here.index);
    assert.ok(expected.length > 100 && expected.filter((a) => a.includes(', ')).length > 50, 'the reports have paragraphs that match');
    assert.deepEqual(answers(index), expected);
  });

  it('falls back to this thread when the worker stops, with the reason, and loses no report', async () => {
    // The real worker, in a thread that ends at its third read, as one that runs out of memory would.
    const real = featureWorkerPath();
    assert.ok(real);
    const script = path.join(scratch, 'stops.js');
    writeFileSync(
      script,
      [
        `const { parentPort } = require('node:worker_threads');`,
        real.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();` : '',
        `require(${JSON.stringify(real)});`,
        `let reads = 0;`,
        `parentPort.on('message', () => { if (++reads === 3) process.exit(7); });`,
      ].join('\n'),
    );
    const { index, filling } = await filled(startFeatureReader({ cores: 2, script }));
    assert.match(filling.readerFailed?.message ?? '', /the thread reading the paragraphs' features stopped \(exit code 7\)/);
    assert.deepEqual(answers(index), answers((await filled(null)).index));
  });

  it('does not keep a process alive when it has nothing to answer, even if never stopped', () => {
    const script = path.join(scratch, 'leaves.ts');
    const thread = path.resolve(__dirname, '..', '..', '..', 'src', 'node', 'featureThread.ts');
    writeFileSync(
      script,
      `import { startFeatureReader } from ${JSON.stringify(thread)};\n` +
        `const idle = startFeatureReader({ cores: 2 });\n` +
        `const used = startFeatureReader({ cores: 2 });\n` +
        `if (!idle || !used) process.exit(3);\n` +
        `void used.read([{ text: 'Caseloads are too high.' }]).then((r) => console.log(r.terms.names.includes('caseload') ? 'answered' : 'wrong'));\n`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000, cwd: path.resolve(__dirname, '..', '..', '..') });
    assert.equal(run.signal, null, 'the process ended by itself');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'answered');
  });

  it('is started only for more than a few reports, and stopped when the filling is', async () => {
    let started = 0;
    const few = new IndexFilling(new ParagraphIndex(), { reader: () => (started++, startFeatureReader({ cores: 2 })) });
    for (const { file, report } of reports().slice(0, READER_AFTER - 1)) await few.addReport(file, report);
    await few.finish();
    assert.equal(started, 0, 'a few reports are read here');
    let disposed = 0;
    const many = new IndexFilling(new ParagraphIndex(), {
      reader: () => {
        const reader = startFeatureReader({ cores: 2 });
        return reader && { read: (paragraphs) => reader.read(paragraphs), dispose: () => (disposed++, reader.dispose()) };
      },
    });
    for (const { file, report } of reports()) await many.addReport(file, report);
    assert.ok(many.readerStarted);
    // Abandoned half-way (an error, a cancellation): the thread is stopped, and what it had not answered is read here.
    many.stop();
    assert.equal(disposed, 1);
    const index = await many.finish();
    assert.equal(many.readerFailed, null, 'a reader stopped on purpose has not failed');
    assert.deepEqual(answers(index), answers((await filled(null)).index));
  });

  it('is not started on a single core or without its script, and refuses reads once stopped', async () => {
    assert.equal(startFeatureReader({ cores: 1 }), null);
    assert.equal(startFeatureReader({ cores: 2, script: null }), null);
    const reader = startFeatureReader({ cores: 2 });
    assert.ok(reader);
    const answer = await reader.read([{ text: 'Caseloads are too high.' }]);
    assert.ok(answer.terms.names.includes('caseload'));
    reader.dispose();
    await assert.rejects(reader.read([{ text: 'Caseloads are too high.' }]), /was stopped/);
  });
});

describe('the workspace session’s recurrence index on Node', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ilacs-session-reader-'));
    mkdirSync(path.join(root, 'reports'));
    for (const { file } of reports()) copyFileSync(path.resolve(__dirname, '..', '..', '..', file), path.join(root, 'reports', path.basename(file)));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads the features of its first build on a worker thread, and finds what it finds without one', async () => {
    let reads = 0;
    const withThread = openNodeSession(root, {
      featureReader: () => {
        const reader = startFeatureReader({ cores: 2 });
        return reader && { read: (paragraphs) => (reads++, reader.read(paragraphs)), dispose: () => reader.dispose() };
      },
    });
    const without = openNodeSession(root, { featureReader: () => null });
    const a = await withThread.recurrenceIndex();
    // The first few reports are read here while the thread is started, the rest there.
    assert.equal(reads, reports().length - (READER_AFTER - 1), 'the reports’ features were read on the thread');
    const b = await without.recurrenceIndex();
    assert.ok(a.size > 200);
    assert.deepEqual(answers(a), answers(b));
    // A report changed later is indexed again here, on this thread.
    const file = a.files()[0];
    const before = a.report(file);
    writeFileSync(path.join(root, file), `${readFileSync(path.join(root, file), 'utf8')}\n\nCaseloads remain too high, and children experience drift and delay.\n`);
    withThread.filesChanged([{ path: file, kind: 'changed' }]);
    await withThread.recurrenceIndex();
    assert.ok(before && a.report(file) !== before, 'the changed report is indexed again');
    assert.equal(reads, reports().length - (READER_AFTER - 1), 'one report is read on this thread');
    withThread.dispose();
    without.dispose();
  });
});
