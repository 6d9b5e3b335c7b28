import * as assert from 'node:assert/strict';
import { parseReportText } from '../../../src/core/parser';
import { frontMatterLength, maskFrontMatter } from '../../../src/core/parser/frontMatter';

const BODY = '# Inspection of Fenwick local authority children’s services\n\nInspection dates: 3 to 14 March 2025\n\n1. Children are seen promptly.\n';

describe('Markdown reports: front matter and metadata', () => {
  it('is read past: the report is the same as without it, with its ranges in the file as written', () => {
    const front = '---\ntitle: "Inspection of Somewhere Else local authority children\'s services"\nkind: focused-visit\nsource: "fenwick.pdf"\n---\n';
    const plain = parseReportText('r.md', BODY, 'markdown');
    const withFront = parseReportText('r.md', front + BODY, 'markdown');
    assert.equal(withFront.localAuthority, 'Fenwick');
    assert.equal(withFront.kind, plain.kind);
    assert.deepEqual(
      withFront.paragraphs.map((p) => [p.id, p.text, p.range.start.line - 5]),
      plain.paragraphs.map((p) => [p.id, p.text, p.range.start.line]),
    );
  });

  it('keeps every offset: only the block’s characters become spaces', () => {
    const text = '---\r\na: 1\r\n---\r\nText\r\n';
    const masked = maskFrontMatter(text);
    assert.equal(masked.length, text.length);
    assert.equal(masked, '   \r\n    \r\n   \r\nText\r\n');
    assert.equal(frontMatterLength(text), 16);
  });

  it('is not a report that opens with a rule, nor an unclosed block', () => {
    assert.equal(frontMatterLength('---\nThis report opens with a rule and some text.\n---\n'), 0);
    assert.equal(frontMatterLength('---\ntitle: x\n'), 0);
    assert.equal(frontMatterLength('Text\n---\na: 1\n---\n'), 0);
    const report = parseReportText('r.md', '---\nA paragraph after a rule.\n\nAnother.\n', 'markdown');
    assert.ok(report.paragraphs.some((p) => p.text === 'Another.'));
  });

  it('leaves Markdown heading marks and table bars out of the metadata', () => {
    const report = parseReportText(
      'r.md',
      '# Inspection of looked after children services\n\n## Wrenbury Borough Council\n\nInspection dates: 8 – 12 July 2012\n\n| Judgement | Grade |\n| --- | --- |\n| Overall effectiveness | Grade 4 (Inadequate) |\n',
      'markdown',
    );
    assert.equal(report.title, 'Inspection of looked after children services Wrenbury Borough Council');
  });
});
