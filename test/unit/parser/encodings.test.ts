import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ReportError } from '../../../src/core/model';
import { decodeReport, parseReport } from '../../../src/core/parser';
import { LineIndex } from '../../../src/core/range';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'reports');

/** Encodes text as Windows-1252 (only the characters the fixture uses outside ASCII). */
function windows1252(text: string): Uint8Array {
  const map: Record<string, number> = { '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '£': 0xa3, '–': 0x96, '©': 0xa9, '\uf06e': 0x6e };
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[i] = c;
    else if (map[text[i]] !== undefined) out[i] = map[text[i]];
    else throw new Error(`no Windows-1252 byte for U+${c.toString(16)}`);
  }
  return out;
}

describe('parser: encodings and line endings', () => {
  // The ILACS fixture with a pound sign and curly double quotes added, and its private-use bullet
  // glyphs made plain bullets (Windows-1252 has no byte for them).
  const lf =
    readFileSync(path.join(fixtures, 'ilacs-2019-thornbury.txt'), 'utf8')
      .replace(/\uf06e/g, '-')
      .replace('Their self-evaluation is accurate.', 'Their self-evaluation of the £2 million “family hubs” is accurate.');
  const crlf = lf.replace(/\n/g, '\r\n');
  const utf8 = new TextEncoder().encode(lf);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
  const crlfBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(crlf)]);
  const cp1252 = windows1252(lf);
  const base = parseReport('report.txt', utf8);

  const variants: [string, Uint8Array | string, string][] = [
    ['LF, UTF-8', utf8, lf],
    ['CRLF, UTF-8', new TextEncoder().encode(crlf), crlf],
    ['LF, UTF-8 with BOM', bom, lf],
    ['CRLF, UTF-8 with BOM', crlfBom, crlf],
    ['LF, Windows-1252', cp1252, lf],
    ['CRLF as a string with a BOM', '\ufeff' + crlf, crlf],
  ];

  it('has the pound sign and quotes in the text it tests', () => {
    assert.ok(base.paragraphs.some((p) => p.text.includes('self-evaluation of the £2 million “family hubs” is accurate.')));
  });

  for (const [label, content, decoded] of variants) {
    it(`gives the same paragraphs, texts and ranges for ${label}`, () => {
      const r = parseReport('report.txt', content);
      assert.deepEqual(r.paragraphs, base.paragraphs);
      assert.deepEqual(r.judgements, base.judgements);
      assert.deepEqual(r.improvementAreas, base.improvementAreas);
      assert.deepEqual(r.sections, base.sections);
      // Ranges index the decoded text (without BOM, as an editor holds it) exactly.
      assert.equal(decodeReport('report.txt', content).text, decoded);
      const index = new LineIndex(decoded);
      const lfIndex = new LineIndex(lf);
      for (const p of r.paragraphs) {
        // The same characters as in the LF text, only the line breaks differ: no range ends inside a CRLF.
        assert.equal(index.textIn(p.range).replace(/\r\n/g, '\n'), lfIndex.textIn(p.range), `${label}: ${p.id}`);
        assert.ok(index.offsetAt(p.range.end) <= index.lineEnds[p.range.end.line]);
      }
    });
  }

  it('reports the encoding it decoded', () => {
    assert.equal(decodeReport('a.txt', utf8).encoding, 'utf8');
    assert.equal(decodeReport('a.txt', bom).encoding, 'utf8bom');
    assert.equal(decodeReport('a.txt', cp1252).encoding, 'windows1252');
  });
});

describe('parser: files that are not reports', () => {
  const expectError = (content: Uint8Array | string, problem: RegExp, file = 'folder/bad.txt'): void => {
    assert.throws(
      () => parseReport(file, content),
      (err: unknown) => {
        assert.ok(err instanceof ReportError, `expected a ReportError, got ${String(err)}`);
        assert.equal(err.file, file);
        assert.match(err.problem, problem);
        assert.ok(err.message.startsWith(`${file}: `));
        return true;
      },
    );
  };

  it('rejects an empty file', () => {
    expectError(new Uint8Array(0), /empty/);
    expectError('', /empty/);
  });

  it('rejects a file of whitespace only', () => {
    expectError(new TextEncoder().encode(' \n\r\n\t \f\n'), /empty/);
    expectError(new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x0a]), /empty/);
  });

  it('rejects binary content (NUL bytes)', () => {
    expectError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00]), /binary/);
    expectError(new TextEncoder().encode('Some text\u0000with a NUL'), /binary/);
  });

  it('rejects a PDF and says to extract its text', () => {
    expectError(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), /PDF.*extract/, 'report.pdf');
  });

  it('rejects a UTF-8 BOM followed by bytes that are not UTF-8', () => {
    expectError(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff, 0x42]), /byte-order mark/);
  });
});
