import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commands } from '../../../src/cli/commands';
import { importPdfCommand } from '../../../src/cli/commands/importPdf';
import { AnnotationStore } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { convertPdf, isUneditedImport, markdownBody, PdfImportError, readImportRecord, sha256 } from '../../../src/core/pdf';
import { importPdfFile } from '../../../src/node/pdfImport';
import { parseReport, parseReportText } from '../../../src/core/parser';
import { paragraphSelectors, resolveAnnotations } from '../../../src/core/workspace';
import { buildInspectionPdf } from '../../fixtures/pdf/build';
import { CapturedIo } from '../helpers/capturedIo';

/** The host's globals before any test loads pdf.js (mocha loads every test file first). */
const globalsBefore = { DOMMatrix: 'DOMMatrix' in globalThis, navigator: 'navigator' in globalThis };
const FIXTURES = path.resolve(__dirname, '../../fixtures/pdf');
const REPORT_PDF = 'holmbridge__02-may-2025.pdf';
const fixture = (name: string): Uint8Array => readFileSync(path.join(FIXTURES, name));

describe('PDF import: the Markdown written for a fixture report', function () {
  this.timeout(30_000);
  let markdown: string;
  before(async () => {
    markdown = (await convertPdf(REPORT_PDF, fixture(REPORT_PDF))).markdown;
  });

  it('has the title as a heading, the cover lines, and the judgement table as a table', () => {
    const body = markdownBody(markdown);
    assert.ok(
      body.startsWith(
        '# Inspection of Holmbridge local authority children’s services\n\n' +
          'Inspection dates: 3 March 2025 to 14 March 2025\n\n' +
          'Lead inspector: Imogen Hartley, His Majesty’s Inspector\n\n' +
          '| Judgement | Grade |\n| --- | --- |\n' +
          '| The impact of leaders on social work practice with children and families | Requires improvement to be good |\n' +
          '| The experiences and progress of children who need help and protection | Requires improvement to be good |\n' +
          '| The experiences and progress of children in care | Good |\n' +
          '| The experiences and progress of care leavers | Good |\n' +
          '| Overall effectiveness | Requires improvement to be good |\n\n',
      ),
      body.slice(0, 900),
    );
  });

  it('writes "What needs to improve" as a list and judgement headings as headings', () => {
    assert.match(
      markdown,
      /\n### What needs to improve\?\n\n- The quality and timeliness of assessments for children in need \(outcome 2, national framework\)\n\n- Management oversight of plans for children in care who are waiting for permanence \(outcome 4, national framework\)\n/,
    );
    assert.match(markdown, /\n### The experiences and progress of children who need help and protection: requires improvement to be good\n/);
    assert.match(markdown, /\n### The experiences and progress of children in care: good\n/);
  });

  it('writes numbered paragraphs with their printed numbers, one line each, the one broken by a page joined', () => {
    const numbered = markdown.split('\n').filter((l) => /^\d+\. /.test(l));
    assert.deepEqual(
      numbered.map((l) => l.slice(0, 3)),
      ['1. ', '2. ', '3. ', '4. ', '5. '],
    );
    assert.match(numbered[2], /it delays progress for children whose circumstances do not improve\. Managers have begun/);
    assert.match(numbered[2], /can improve\.$/);
  });

  it('mends a word hyphenated for the line and keeps a compound’s hyphen', () => {
    assert.match(markdown, /the quality of their assessments remains too variable/);
    assert.match(markdown, /and decision-making is timely/);
    assert.doesNotMatch(markdown, /assess- ?ments/);
  });

  it('leaves out running headers, footers and page numbers, and puts the footnote under Notes', () => {
    assert.doesNotMatch(markdown, /Holmbridge children’s services inspection report/);
    assert.doesNotMatch(markdown, /3 March to 14 March 2025/);
    assert.equal(markdown.split('\n').filter((l) => /^\d+$/.test(l.trim())).length, 0);
    assert.equal(markdown.match(/Inspection of Holmbridge local authority children’s services/g)?.length, 1, 'the title once in the body (the footer repeats it)');
    assert.match(markdown, /\n## Notes\n\nNote 1: The areas for improvement are cross-referenced with the outcomes of the national framework for children’s social care\.\n$/);
  });

  it('parses to the report the PDF holds', () => {
    const report = parseReport('holmbridge__02-may-2025.md', markdown);
    assert.equal(report.kind, 'inspection');
    assert.equal(report.framework, 'ilacs');
    assert.equal(report.localAuthority, 'Holmbridge');
    assert.deepEqual(report.inspectionDates, { start: '2025-03-03', end: '2025-03-14' });
    assert.equal(report.leadInspector, 'Imogen Hartley');
    assert.deepEqual(
      report.judgements.map((j) => [j.area, j.grade]),
      [
        ['impact-of-leaders', 'requires-improvement'],
        ['help-and-protection', 'requires-improvement'],
        ['children-in-care', 'good'],
        ['care-leavers', 'good'],
        ['overall-effectiveness', 'requires-improvement'],
      ],
    );
    assert.deepEqual(
      report.paragraphs.filter((p) => p.number !== null).map((p) => p.number),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      report.improvementAreas.map((i) => [i.source, i.outcome, i.text]),
      [
        ['what-needs-to-improve', 2, 'The quality and timeliness of assessments for children in need'],
        ['what-needs-to-improve', 4, 'Management oversight of plans for children in care who are waiting for permanence'],
      ],
    );
    assert.deepEqual(report.warnings, []);
    // The front matter is not report text.
    assert.ok(report.paragraphs.every((p) => !/sourceSha256|importSha256/.test(p.text)));
    assert.ok(report.sections.every((s) => s.range.start.line > 15));
  });

  it('records the metadata, the source PDF and its SHA-256, and the hash of the file as written in the front matter', () => {
    const pdf = fixture(REPORT_PDF);
    assert.ok(markdown.startsWith('---\ntitle: "Inspection of Holmbridge local authority children\'s services"\nlocalAuthority: "Holmbridge"\nkind: inspection\nframework: ilacs\n'));
    assert.match(markdown, /\ninspectionStart: 2025-03-03\ninspectionEnd: 2025-03-14\nleadInspector: "Imogen Hartley"\ngrades:\n {2}impact-of-leaders: requires-improvement\n/);
    const record = readImportRecord(markdown);
    assert.deepEqual(record, { source: REPORT_PDF, sourceSha256: sha256(pdf), importSha256: sha256(markdown.replace(/^importSha256: [0-9a-f]{64}$/m, 'importSha256: ')) });
    assert.match(markdown, /\npages: 3\n/);
    assert.ok(isUneditedImport(markdown));
    assert.ok(isUneditedImport(markdown.replace(/\n/g, '\r\n')), 'line endings alone are not an edit');
    assert.ok(!isUneditedImport(markdown.replace('is timely', 'is slow')));
    assert.ok(!isUneditedImport(markdownBody(markdown)), 'without its front matter the file is not a recorded import');
    assert.ok(!isUneditedImport(markdown.replace('kind: inspection', 'kind: inspection\nreviewed: yes')), 'an edit to the front matter is an edit');
  });

  it('leaves the host’s globals as they were: no DOMMatrix or navigator left behind', () => {
    assert.deepEqual({ DOMMatrix: 'DOMMatrix' in globalThis, navigator: 'navigator' in globalThis }, globalsBefore);
  });

  it('is the same every time for the same PDF', async () => {
    assert.equal((await convertPdf(REPORT_PDF, fixture(REPORT_PDF))).markdown, markdown);
  });
});

describe('PDF import: a focused visit letter', function () {
  this.timeout(30_000);
  let markdown: string;
  before(async () => {
    markdown = (await convertPdf('brackley-vale__08-july-2025.pdf', fixture('brackley-vale__08-july-2025.pdf'))).markdown;
  });

  it('keeps the address blocks and the signature as lines, and joins the running text', () => {
    const body = markdownBody(markdown);
    assert.ok(body.startsWith('Ofsted\\\nPiccadilly Gate\\\nStore Street\\\nManchester\\\nM1 2WD\n\n8 July 2025\n\nDan Okafor\\\nDirector of Children’s Services\\\n'), body.slice(0, 300));
    assert.match(body, /\n### Focused visit to Brackley Vale children’s services\n\nThis letter summarises the findings of the focused visit to Brackley Vale children’s services on 3 and 4 June 2025\. /);
    assert.match(body, /\nYours sincerely\n\nLena Hartfield\\\nHis Majesty’s Inspector\n$/);
    assert.match(body, /although this challenge is not always recorded\. Children are helped/, 'the headline paragraph runs on across the page break');
  });

  it('parses as the focused visit it is, with its improvement list', () => {
    const report = parseReport('brackley-vale__08-july-2025.md', markdown);
    assert.equal(report.kind, 'focused-visit');
    assert.equal(report.localAuthority, 'Brackley Vale');
    assert.equal(report.title, 'Focused visit to Brackley Vale children’s services'.replace('’', "'"));
    assert.deepEqual(report.inspectionDates, { start: '2025-06-03', end: '2025-06-04' });
    assert.deepEqual(
      report.improvementAreas.map((i) => [i.source, i.text]),
      [
        ['focused-visit', 'The recording of independent reviewing officers’ challenge when plans drift.'],
        ['focused-visit', 'The timeliness of health assessments for children who come into care in an emergency.'],
      ],
    );
    const address = report.paragraphs.find((p) => p.text.startsWith('Ofsted'));
    assert.equal(address?.text, 'Ofsted Piccadilly Gate Store Street Manchester M1 2WD');
  });
});

describe('PDF import: PDFs that cannot be imported', function () {
  this.timeout(30_000);
  const refused = async (name: string, bytes: Uint8Array, problem: RegExp): Promise<void> => {
    await assert.rejects(convertPdf(name, bytes), (err: unknown) => {
      assert.ok(err instanceof PdfImportError, String(err));
      assert.equal(err.file, name);
      assert.match(err.message, new RegExp(`^${name.replace('.', '\\.')}: `));
      assert.match(err.problem, problem);
      return true;
    });
  };

  it('names an encrypted PDF and says it needs a password', () => refused('encrypted.pdf', fixture('encrypted.pdf'), /encrypted with a password/));
  it('names a scanned PDF and says it has no text to read', () => refused('scanned.pdf', fixture('scanned.pdf'), /no text layer.*scanned.*OCR/));
  it('names a damaged PDF', () => refused('damaged.pdf', fixture('damaged.pdf'), /damaged/));
  it('names a file that is not a PDF, and an empty one', async () => {
    await refused('notes.pdf', new TextEncoder().encode('Just some notes, not a PDF.'), /not a PDF file/);
    await refused('empty.pdf', new Uint8Array(0), /empty/);
  });
  it('names a truncated PDF', async () => {
    const pdf = fixture(REPORT_PDF);
    await assert.rejects(convertPdf('cut.pdf', pdf.subarray(0, 200)), PdfImportError);
  });
});

describe('PDF import into a folder', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-pdf-'));
    await fs.mkdir(path.join(dir, '.ilacs'));
    for (const f of [REPORT_PDF, 'encrypted.pdf', 'scanned.pdf', 'damaged.pdf']) await fs.copyFile(path.join(FIXTURES, f), path.join(dir, f));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const md = (): string => path.join(dir, 'holmbridge__02-may-2025.md');
  const store = (): AnnotationStore => new AnnotationStore(new NodeStoreFileSystem(dir));

  it('writes the Markdown beside the PDF, then leaves an unchanged file alone', async () => {
    const first = await importPdfFile(path.join(dir, REPORT_PDF));
    assert.equal(first.status, 'created');
    assert.equal(first.markdown, md());
    assert.equal(first.pages, 3);
    const written = await fs.readFile(md(), 'utf8');
    assert.ok(isUneditedImport(written));
    const again = await importPdfFile(path.join(dir, REPORT_PDF));
    assert.equal(again.status, 'unchanged');
  });

  it('replaces an unedited, untagged import of an earlier version without asking', async () => {
    await fs.writeFile(path.join(dir, REPORT_PDF), await buildInspectionPdf({ reissue: true }));
    await importPdfFile(path.join(dir, REPORT_PDF));
    await fs.copyFile(path.join(FIXTURES, REPORT_PDF), path.join(dir, REPORT_PDF));
    let asked = false;
    const outcome = await importPdfFile(path.join(dir, REPORT_PDF), { confirm: async () => (asked = true) });
    assert.equal(outcome.status, 'replaced');
    assert.equal(asked, false);
  });

  it('keeps an edited file unless confirmed or forced, and says why', async () => {
    await importPdfFile(path.join(dir, REPORT_PDF));
    const edited = (await fs.readFile(md(), 'utf8')).replace('is timely', 'is timely (checked by our team)');
    await fs.writeFile(md(), edited);

    const kept = await importPdfFile(path.join(dir, REPORT_PDF));
    assert.equal(kept.status, 'kept');
    assert.equal(kept.protection?.edited, true);
    assert.equal(kept.protection?.reason, 'holmbridge__02-may-2025.md was edited since it was imported');
    assert.equal(await fs.readFile(md(), 'utf8'), edited);

    let question = '';
    const declined = await importPdfFile(path.join(dir, REPORT_PDF), { confirm: async (_file, p) => ((question = p.reason), false) });
    assert.equal(declined.status, 'kept');
    assert.match(question, /edited since it was imported/);
    assert.equal(await fs.readFile(md(), 'utf8'), edited);

    const confirmed = await importPdfFile(path.join(dir, REPORT_PDF), { confirm: async () => true });
    assert.equal(confirmed.status, 'replaced');
    assert.ok(isUneditedImport(await fs.readFile(md(), 'utf8')));

    await fs.writeFile(md(), edited);
    assert.equal((await importPdfFile(path.join(dir, REPORT_PDF), { force: true })).status, 'replaced');
  });

  it('keeps a Markdown file no import wrote', async () => {
    await fs.writeFile(md(), '# My own notes on Holmbridge\n');
    const kept = await importPdfFile(path.join(dir, REPORT_PDF));
    assert.equal(kept.status, 'kept');
    assert.equal(kept.protection?.reason, 'holmbridge__02-may-2025.md was not written by a PDF import');
    assert.equal(await fs.readFile(md(), 'utf8'), '# My own notes on Holmbridge\n');
  });

  it('keeps a tagged file; when forced, the tag is found again on the new text', async () => {
    await importPdfFile(path.join(dir, REPORT_PDF));
    const oldText = await fs.readFile(md(), 'utf8');
    const oldReport = parseReportText('holmbridge__02-may-2025.md', oldText);
    const p1 = oldReport.paragraphs.find((p) => p.number === 1)!;
    const tag = await store().add('holmbridge__02-may-2025.md', { paragraph: 'p1', selectors: paragraphSelectors(oldText, p1), criteria: ['hp.front-door'], author: 'A. Officer' });

    // A corrected reissue: a notice inserted above, words changed in the tagged paragraph.
    await fs.writeFile(path.join(dir, REPORT_PDF), await buildInspectionPdf({ reissue: true }));
    const kept = await importPdfFile(path.join(dir, REPORT_PDF));
    assert.equal(kept.status, 'kept');
    assert.equal(kept.protection?.reason, 'holmbridge__02-may-2025.md has 1 tag');
    assert.equal(await fs.readFile(md(), 'utf8'), oldText);

    const replaced = await importPdfFile(path.join(dir, REPORT_PDF), { force: true });
    assert.equal(replaced.status, 'replaced');
    const newText = await fs.readFile(md(), 'utf8');
    assert.match(newText, /This report was corrected on 9 May 2025/);
    assert.match(newText, /screened by skilled and experienced social workers/);
    assert.notEqual(newText.indexOf(tag.selectors.quote.exact), oldText.indexOf(tag.selectors.quote.exact));

    const [resolved] = resolveAnnotations(parseReportText('holmbridge__02-may-2025.md', newText), newText, await store().list('holmbridge__02-may-2025.md'));
    assert.equal(resolved.orphaned, false);
    assert.equal(resolved.annotation.id, tag.id);
    assert.equal(resolved.anchor?.paragraph, 'p1');
  });

  it('writes nothing for a PDF that fails, and no temporary file is left', async () => {
    for (const bad of ['encrypted.pdf', 'scanned.pdf', 'damaged.pdf']) {
      await assert.rejects(importPdfFile(path.join(dir, bad)), PdfImportError);
    }
    assert.deepEqual((await fs.readdir(dir)).sort(), ['.ilacs', 'damaged.pdf', 'encrypted.pdf', REPORT_PDF, 'scanned.pdf'].sort());
  });

  describe('ilacs import-pdf', () => {
    it('is registered', () => {
      assert.ok(commands.includes(importPdfCommand));
    });

    it('imports every PDF it can, names each that fails, and exits 1', async () => {
      const io = new CapturedIo(dir);
      const code = await importPdfCommand.run(['encrypted.pdf', REPORT_PDF, 'scanned.pdf', 'damaged.pdf', 'missing.pdf'], io);
      assert.equal(code, 1);
      assert.equal(
        io.stdout,
        `${REPORT_PDF} -> holmbridge__02-may-2025.md (written): 3 pages, inspection, Holmbridge, 5 grades, 5 numbered paragraphs\n`,
      );
      const errors = io.stderr.trim().split('\n');
      assert.equal(errors.length, 4);
      assert.match(errors[0], /^ilacs import-pdf: encrypted\.pdf: the PDF is encrypted with a password/);
      assert.match(errors[1], /^ilacs import-pdf: scanned\.pdf: the PDF has no text layer/);
      assert.match(errors[2], /^ilacs import-pdf: damaged\.pdf: the PDF is damaged/);
      assert.match(errors[3], /^ilacs import-pdf: missing\.pdf: no such file$/);
      assert.ok(isUneditedImport(await fs.readFile(md(), 'utf8')));
    });

    it('names a folder standing where the Markdown would go, and still imports the other PDFs', async () => {
      await fs.mkdir(md());
      await fs.copyFile(path.join(FIXTURES, REPORT_PDF), path.join(dir, 'other.pdf'));
      const io = new CapturedIo(dir);
      assert.equal(await importPdfCommand.run([REPORT_PDF, 'other.pdf'], io), 1);
      assert.equal(io.stderr, 'ilacs import-pdf: holmbridge__02-may-2025.pdf: cannot read holmbridge__02-may-2025.md, which the import would replace: it is a folder\n');
      assert.match(io.stdout, /^other\.pdf -> other\.md \(written\)/);
      assert.ok((await fs.stat(md())).isDirectory());
    });

    it('does not let a second PDF of the same name overwrite what the first wrote into the -o folder', async () => {
      await fs.mkdir(path.join(dir, 'reissue'));
      await fs.writeFile(path.join(dir, 'reissue', REPORT_PDF), await buildInspectionPdf({ reissue: true }));
      const io = new CapturedIo(dir);
      assert.equal(await importPdfCommand.run([REPORT_PDF, `reissue/${REPORT_PDF}`, REPORT_PDF, '-o', 'out'], io), 1);
      assert.equal(io.stdout.split('\n').filter(Boolean).length, 1, io.stdout);
      assert.equal(
        io.stderr,
        `ilacs import-pdf: reissue/${REPORT_PDF}: not imported: out/holmbridge__02-may-2025.md was just written from ${REPORT_PDF}; import PDFs of the same name into different folders (-o DIR)\n`,
      );
      assert.doesNotMatch(await fs.readFile(path.join(dir, 'out', 'holmbridge__02-may-2025.md'), 'utf8'), /This report was corrected/);
    });

    it('writes into the folder given with -o, making it', async () => {
      const io = new CapturedIo(dir);
      assert.equal(await importPdfCommand.run([REPORT_PDF, '-o', 'out/reports'], io), 0, io.stderr);
      assert.ok(isUneditedImport(await fs.readFile(path.join(dir, 'out', 'reports', 'holmbridge__02-may-2025.md'), 'utf8')));
    });

    it('refuses to replace an edited file without --force, naming it; replaces it with --force', async () => {
      await importPdfCommand.run([REPORT_PDF], new CapturedIo(dir));
      await fs.appendFile(md(), '\nMy note.\n');
      const io = new CapturedIo(dir);
      assert.equal(await importPdfCommand.run([REPORT_PDF], io), 1);
      assert.match(io.stderr, /^ilacs import-pdf: holmbridge__02-may-2025\.pdf: holmbridge__02-may-2025\.md was edited since it was imported; not replaced \(use --force/);
      assert.match(await fs.readFile(md(), 'utf8'), /My note\./);

      const forced = new CapturedIo(dir);
      assert.equal(await importPdfCommand.run([REPORT_PDF, '--force'], forced), 0, forced.stderr);
      assert.match(forced.stdout, /\(replaced\)/);
      assert.doesNotMatch(await fs.readFile(md(), 'utf8'), /My note\./);
    });

    it('prints JSON with --json', async () => {
      const io = new CapturedIo(dir);
      assert.equal(await importPdfCommand.run([REPORT_PDF, 'scanned.pdf', '--json'], io), 1);
      const out = JSON.parse(io.stdout) as { imports: { pdf: string; status: string; judgements: number; numberedParagraphs: number }[]; errors: { pdf: string; error: string }[] };
      assert.deepEqual(
        out.imports.map((i) => [i.pdf, i.status, i.judgements, i.numberedParagraphs]),
        [[REPORT_PDF, 'created', 5, 5]],
      );
      assert.equal(out.errors[0].pdf, 'scanned.pdf');
    });

    it('needs at least one file', async () => {
      await assert.rejects(importPdfCommand.run([], new CapturedIo(dir)), /give at least one PDF/);
    });
  });
});
