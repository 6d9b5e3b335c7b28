/**
 * The real reports in `../shared/reports/pdf/` (beside the project), each with its pdftotext
 * output in `../shared/reports/sample/` under the same name: the Markdown the import writes must
 * parse to the same grades, at least the same numbered paragraphs and printed improvement areas,
 * and hold no page-number, running-header or footer paragraphs. Skipped, saying why, when the
 * folder is not there (CI always has it).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../../src/core/model';
import { convertPdf, isUneditedImport } from '../../../src/core/pdf';
import { parseReport } from '../../../src/core/parser';

const SHARED = path.resolve(__dirname, '../../../../shared/reports');
const PDFS = path.join(SHARED, 'pdf');
const TEXTS = path.join(SHARED, 'sample');

const grades = (r: Report): string[] => r.judgements.map((j) => `${j.area}=${j.grade}`).sort();
const numbers = (r: Report): number[] => r.paragraphs.filter((p) => p.number !== null).map((p) => p.number as number);

describe('PDF import of the shared real reports', function () {
  this.timeout(60_000);
  const present = existsSync(PDFS) && existsSync(TEXTS);
  const names = present ? readdirSync(PDFS).filter((f) => f.toLowerCase().endsWith('.pdf')).sort() : [];

  before(function () {
    if (!present) {
      console.log(`      skipped: ${path.relative(process.cwd(), PDFS)} and ${path.relative(process.cwd(), TEXTS)} are not beside the project`);
      this.skip();
    }
  });

  it('has the five reports, each with its text extraction', function () {
    if (!present) this.skip();
    assert.equal(names.length, 5, `PDFs found: ${names.join(', ')}`);
    for (const name of names) assert.ok(existsSync(path.join(TEXTS, name.replace(/\.pdf$/i, '.txt'))), `${name} has no .txt beside it in sample/`);
  });

  for (const name of names) {
    it(`${name}: same grades, at least the same numbered paragraphs and improvement areas, no page furniture`, async () => {
      const base = name.replace(/\.pdf$/i, '');
      const txt = parseReport(`${base}.txt`, readFileSync(path.join(TEXTS, `${base}.txt`)));
      const conversion = await convertPdf(name, readFileSync(path.join(PDFS, name)));
      const md = parseReport(`${base}.md`, conversion.markdown);

      assert.equal(md.format, 'markdown');
      assert.deepEqual(grades(md), grades(txt), 'grades');
      assert.ok(grades(txt).length > 0, 'the text extraction has grades to compare');
      const mdNumbers = new Set(numbers(md));
      const missing = numbers(txt).filter((n) => !mdNumbers.has(n));
      assert.deepEqual(missing, [], 'numbered paragraphs of the text extraction missing from the Markdown');
      assert.ok(md.improvementAreas.length >= txt.improvementAreas.length, `improvement areas: ${md.improvementAreas.length} < ${txt.improvementAreas.length}`);
      assert.equal(md.kind, txt.kind);
      assert.equal(md.framework, txt.framework);
      assert.equal(md.localAuthority, txt.localAuthority);

      // No page numbers, and nothing that recurs page after page (a running header or footer).
      const seen = new Map<string, number>();
      for (const p of md.paragraphs) {
        assert.doesNotMatch(p.text, /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i, `page number paragraph ${p.id}`);
        if (p.kind !== 'heading') seen.set(p.text, (seen.get(p.text) ?? 0) + 1);
      }
      const repeated = [...seen].filter(([text, n]) => n >= 3 && text.length > 3);
      assert.deepEqual(repeated, [], 'paragraphs repeated on three or more pages');

      assert.ok(isUneditedImport(conversion.markdown), 'the front matter records the body as written');
      assert.match(conversion.markdown, new RegExp(`^source: "${base}\\.pdf"$`, 'm'));
      assert.match(conversion.markdown, /^sourceSha256: [0-9a-f]{64}$/m);
    });
  }
});
