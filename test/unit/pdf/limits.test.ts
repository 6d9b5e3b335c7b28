import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importPdfCommand } from '../../../src/cli/commands/importPdf';
import { convertPdf, PdfImportError } from '../../../src/core/pdf';
import { Deadline, inflatesPast, pdfLimits } from '../../../src/core/pdf/limits';
import { buildContentBombPdf, buildInspectionPdf, buildManyLinesPdf, buildSharedStreamPdf } from '../../fixtures/pdf/build';
import { CapturedIo } from '../helpers/capturedIo';

const MB = 1024 * 1024;

async function refusal(promise: Promise<unknown>): Promise<PdfImportError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PdfImportError, `not a PdfImportError: ${String(err)}`);
    return err;
  }
  assert.fail('the PDF was imported');
}

describe('PDF import limits', function () {
  // Generous: a guard against a run that never ends, not a speed target (those are in bench/pdf.ts).
  this.timeout(120_000);
  let bomb: Uint8Array;
  let manyLines: Uint8Array;
  let shared: Uint8Array;
  let good: Uint8Array;
  before(async () => {
    [bomb, manyLines, shared, good] = await Promise.all([buildContentBombPdf(10), buildManyLinesPdf(200_000), buildSharedStreamPdf(200), buildInspectionPdf()]);
  });

  it('builds bombs that are small on disk', () => {
    assert.ok(bomb.length < 64 * 1024, `${bomb.length} bytes`);
    assert.ok(manyLines.length < 64 * 1024, `${manyLines.length} bytes`);
    assert.ok(shared.length < 64 * 1024, `${shared.length} bytes`);
  });

  it('measures what the compressed streams inflate to, a stream once for each reference to it', () => {
    // One stream of 10 MB: past a total of 9 MB; within 176 MB, whose sixteenth (11 MB) one stream may be.
    assert.match(inflatesPast(bomb, 9 * 1e6) ?? '', /inflates to more than/);
    assert.equal(inflatesPast(bomb, 176 * 1e6), null);
    assert.match(inflatesPast(bomb, 64 * MB) ?? '', /a content stream inflates to more than 4 MB/);
    // 200 pages drawing one stream of about 360 KB: 72 MB read.
    assert.match(inflatesPast(shared, 64 * MB) ?? '', /200 places that use a stream, inflates to more than 64 MB/);
    assert.equal(inflatesPast(shared, 128 * MB), null);
    assert.equal(inflatesPast(good, 64 * MB), null);
    assert.notEqual(inflatesPast(good, 1000), null);
  });

  it('takes defaults for limits not given or not positive', () => {
    assert.deepEqual(pdfLimits({}), { maxContentBytes: 64 * MB, maxPages: 2000, timeoutMs: 60_000 });
    assert.deepEqual(pdfLimits({ maxPages: 0, timeoutMs: Number.NaN, maxContentBytes: 5 }), { maxContentBytes: 5, maxPages: 2000, timeoutMs: 60_000 });
  });

  it('counts a deadline down', () => {
    let now = 1000;
    const d = new Deadline(50, () => now);
    assert.equal(d.passed, false);
    assert.equal(d.remaining, 50);
    now = 1051;
    assert.equal(d.passed, true);
    assert.equal(d.remaining, 0);
  });

  it('refuses, at the default limits, a stream of 10 MB of text operators before pdf.js reads it', async () => {
    const err = await refusal(convertPdf('bomb.pdf', bomb));
    assert.equal(err.file, 'bomb.pdf');
    assert.match(err.problem, /not imported: a content stream inflates to more than 4 MB \(a sixteenth of 64 MB\)/);
  });

  it('refuses, at the default limits, 200 pages sharing one stream, which count once per page', async () => {
    const err = await refusal(convertPdf('shared.pdf', shared));
    assert.match(err.problem, /200 places that use a stream, inflates to more than 64 MB/);
  });

  it('lays out a page of 200,000 lines without exhausting the stack, when the limits let it through', async () => {
    const converted = await convertPdf('lines.pdf', manyLines, { maxContentBytes: 1024 * MB });
    assert.ok(converted.markdown.length > 1_000_000);
  });

  it('refuses a PDF of more pages than the page limit', async () => {
    const err = await refusal(convertPdf('shared.pdf', shared, { maxPages: 100, maxContentBytes: 4096 * MB }));
    assert.match(err.problem, /not imported: it has 200 pages, more than 100/);
  });

  it('gives up on a PDF at its time limit, between pages', async () => {
    const started = Date.now();
    const err = await refusal(convertPdf('shared.pdf', shared, { timeoutMs: 300, maxContentBytes: 4096 * MB }));
    assert.match(err.problem, /not imported: reading it took longer than 0\.3 s/);
    // Checked as each page's text arrives: it ends near the limit, long before 200 pages are read.
    assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
  });

  it('import-pdf names each refused PDF with its reason and still imports the good PDF after them', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-pdf-limits-'));
    try {
      const names = ['bomb.pdf', 'lines.pdf', 'shared.pdf', 'holmbridge.pdf'];
      await Promise.all([bomb, manyLines, shared, good].map((bytes, i) => fs.writeFile(path.join(dir, names[i]), bytes)));
      const io = new CapturedIo(dir);
      const code = await importPdfCommand.run([...names, '--max-content-mb', '96', '--max-pages', '150', '--timeout', '30'], io);
      assert.equal(code, 1);
      const err = io.stderr;
      assert.match(err, /bomb\.pdf: not imported: a content stream inflates to more than 6 MB/);
      assert.match(err, /lines\.pdf: not imported: a content stream inflates to more than 6 MB/);
      assert.match(err, /shared\.pdf: not imported: it has 200 pages, more than 150/);
      assert.doesNotMatch(err, /holmbridge/);
      assert.match(io.stdout, /holmbridge\.pdf -> holmbridge\.md \(written\)/);
      const written = await fs.readdir(dir);
      assert.deepEqual(written.filter((f) => f.endsWith('.md')), ['holmbridge.md']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('import-pdf refuses a limit that is not a positive number', async () => {
    const io = new CapturedIo(os.tmpdir());
    await assert.rejects(importPdfCommand.run(['x.pdf', '--max-pages', 'many'], io), /--max-pages takes a positive number/);
  });
});
