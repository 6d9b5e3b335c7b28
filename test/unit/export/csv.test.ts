import * as assert from 'node:assert/strict';
import { CSV_BOM, CSV_COLUMNS, csvField, exportToCsv, type TaggedFinding } from '../../../src/core/export';
import { exportOf, INSPECTION, makeWorkspace, removeWorkspace, storeAt, tagParagraph } from './helpers';

/** An RFC 4180 reader, written for the test: quoted fields, doubled quotes, CRLF between records. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
  return rows;
}

describe('export: CSV', () => {
  it('quotes every field and doubles quotes', () => {
    assert.equal(csvField('plain'), '"plain"');
    assert.equal(csvField('say "no"'), '"say ""no"""');
    assert.equal(csvField('a,b\r\nc'), '"a,b\r\nc"');
    assert.equal(csvField(null), '""');
    assert.equal(csvField(12), '"12"');
  });

  it('neutralises cells a spreadsheet would run as formulas, OWASP characters and full-width forms', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
      const value = `${lead}HYPERLINK("http://example.invalid","x")`;
      const cell = csvField(value);
      assert.ok(cell.startsWith(`"'${lead}`), `${JSON.stringify(lead)} was not neutralised: ${cell}`);
    }
    // Only the first character counts; ordinary text and numbers are left alone.
    assert.equal(csvField('a=b'), '"a=b"');
    assert.equal(csvField(' =1+1'), '" =1+1"');
    assert.equal(csvField(5), '"5"');
  });

  describe('of a workspace', () => {
    let root: string;
    beforeEach(async () => {
      root = await makeWorkspace();
    });
    afterEach(async () => {
      await removeWorkspace(root);
    });

    it('starts with a byte-order mark and a header, ends rows with CRLF, and keeps one row per finding with its text intact', async () => {
      const store = storeAt(root);
      await tagParagraph(root, store, INSPECTION, 'p2', { criteria: ['hp.assessments', 'hp.plans'], assessment: 'area-for-improvement', note: '=SUM(A1:A9) "quoted", and\nsplit' });
      await tagParagraph(root, store, INSPECTION, 'p4', { criteria: ['cic.entry-to-care'], assessment: 'strength', note: '@cmd' });
      const { doc } = await exportOf(root);
      const csv = exportToCsv(doc);
      assert.ok(csv.startsWith(CSV_BOM));
      const rows = readCsv(csv.slice(1));
      assert.deepEqual(rows[0], CSV_COLUMNS.map((c) => c.header));
      assert.equal(rows.length, doc.findings.length + 1);
      assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
      const col = (name: string): number => CSV_COLUMNS.findIndex((c) => c.header === name);
      const p2 = doc.findings.find((f) => f.paragraph === 'p2') as TaggedFinding;
      const row = rows.find((r) => r[col('id')] === p2.id);
      assert.ok(row);
      assert.equal(row[col('text')], p2.text);
      assert.equal(row[col('note')], `'=SUM(A1:A9) "quoted", and\nsplit`);
      assert.equal(row[col('criteria')], 'hp.assessments; hp.plans');
      assert.equal(row[col('judgement areas')], 'Help and protection');
      assert.equal(row[col('paragraph number')], '2');
      assert.equal(row[col('start line')], String(p2.location?.start.line));
      assert.equal(row[col('orphaned')], 'no');
      assert.equal(rows.find((r) => r[col('paragraph')] === 'p4')?.[col('note')], "'@cmd");
    });
  });
});
