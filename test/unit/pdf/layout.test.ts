import * as assert from 'node:assert/strict';
import { layoutBlocks, layoutToMarkdown, renderMarkdown, type PdfPage, type PdfTextItem } from '../../../src/core/pdf';
import { parseReportText } from '../../../src/core/parser';

/** A text run at (x, y) in a 10-point-per-character-ish approximation of Helvetica at `size`. */
function item(text: string, x: number, y: number, size = 12, font = 'body'): PdfTextItem {
  return { text, x, y, width: text.length * size * 0.5, size, font };
}

function page(number: number, items: PdfTextItem[]): PdfPage {
  return { number, width: 595, height: 842, items };
}

/** Lines of body text from `y` down, 14.5 points apart. */
function lines(texts: string[], x: number, y: number, size = 12, font = 'body'): PdfTextItem[] {
  return texts.map((t, i) => item(t, x, y - i * 14.5, size, font));
}

/** Running header, footer and page number, as every page of a report has them. */
function frame(n: number): PdfTextItem[] {
  return [item('Inspection of Fenwick local authority children’s services', 71, 40, 8), item(String(n), 513, 34, 14), item('Fenwick inspection report', 71, 805, 8)];
}

describe('PDF layout to Markdown', () => {
  it('drops running headers, footers and page numbers that repeat at the page edges', () => {
    const pages = [1, 2, 3].map((n) => page(n, [...frame(n), ...lines([`Body text of page ${n} ends here.`], 71, 700)]));
    const md = layoutToMarkdown(pages);
    assert.equal(md, 'Body text of page 1 ends here.\n\nBody text of page 2 ends here.\n\nBody text of page 3 ends here.\n');
  });

  it('keeps text near a page edge that does not repeat', () => {
    const pages = [page(1, [...lines(['A body paragraph.'], 71, 700), item('A closing line that appears once.', 71, 50)]), page(2, lines(['Another paragraph.'], 71, 700))];
    assert.match(layoutToMarkdown(pages), /A closing line that appears once\./);
  });

  it('unwraps lines into paragraphs and separates paragraphs at wider gaps', () => {
    const md = layoutToMarkdown([page(1, [...lines(['Children are seen', 'promptly by social workers.'], 71, 700), ...lines(['A second paragraph.'], 71, 650)])]);
    assert.equal(md, 'Children are seen promptly by social workers.\n\nA second paragraph.\n');
  });

  it('writes numbered paragraphs with a hanging indent as an ordered list item with the printed number', () => {
    const items = [item('12.', 71, 700), ...lines(['Plans for children are clear and', 'reviewed regularly.'], 99, 700), item('13.', 71, 656), ...lines(['Visits are frequent.'], 99, 656)];
    const md = layoutToMarkdown([page(1, items)]);
    assert.equal(md, '12. Plans for children are clear and reviewed regularly.\n\n13. Visits are frequent.\n');
    const report = parseReportText('r.md', md, 'markdown');
    assert.deepEqual(
      report.paragraphs.map((p) => [p.number, p.text]),
      [
        [12, 'Plans for children are clear and reviewed regularly.'],
        [13, 'Visits are frequent.'],
      ],
    );
  });

  it('does not take a wrapped line that starts with a number for a new numbered paragraph', () => {
    const items = [item('16.', 71, 700), ...lines(['Children are seen within the timescales set out in paragraph', '17. of the local protocol, and visits are recorded.'], 99, 700)];
    assert.equal(layoutToMarkdown([page(1, items)]), '16. Children are seen within the timescales set out in paragraph 17. of the local protocol, and visits are recorded.\n');
  });

  it('writes bulleted items as a list, whatever glyph the PDF uses', () => {
    const items = [item('\uf0a7', 71, 700), ...lines(['The quality of assessments.'], 89, 700), item('•', 71, 671), ...lines(['Management oversight of', 'plans.'], 89, 671)];
    assert.equal(layoutToMarkdown([page(1, items)]), '- The quality of assessments.\n\n- Management oversight of plans.\n');
  });

  it('makes lines bigger than the body, or in a bold face alone, into headings', () => {
    const items = [
      item('Inspection of Fenwick local authority', 71, 760, 24, 'bold'),
      item('What needs to improve?', 71, 700, 18, 'bold'),
      item('Summary', 71, 660, 12, 'bold'),
      ...lines(['Plenty of body text in the body face, enough to make it the body face of the document.', 'And more of it on a second line.'], 71, 630),
    ];
    const md = layoutToMarkdown([page(1, items)]);
    assert.match(md, /^# Inspection of Fenwick local authority\n\n## What needs to improve\?\n\n### Summary\n\nPlenty/);
  });

  it('turns a grade column beside wrapped labels into a judgement table, grades centred or level with the first line', () => {
    const items = [
      item('Judgement', 77, 612, 12, 'bold'),
      item('Grade', 330, 612, 12, 'bold'),
      // Centred on a two-line label.
      ...lines(['The impact of leaders on social work', 'practice with children and families'], 77, 584, 11),
      item('Inadequate', 330, 576.75, 11),
      // Level with the label's first line.
      ...lines(['The experiences and progress of', 'children in care'], 77, 540, 11),
      item('Good', 330, 540, 11),
      ...lines(['Overall effectiveness'], 77, 496, 11),
      item('Requires improvement to be good', 330, 496, 11),
      ...lines(['Text after the table, long enough to be the body of this document.', 'Another line of it.'], 71, 440),
    ];
    const md = layoutToMarkdown([page(1, items)]);
    assert.match(
      md,
      /^\| Judgement \| Grade \|\n\| --- \| --- \|\n\| The impact of leaders on social work practice with children and families \| Inadequate \|\n\| The experiences and progress of children in care \| Good \|\n\| Overall effectiveness \| Requires improvement to be good \|\n\nText after the table/,
    );
    const report = parseReportText('r.md', `# Inspection of Fenwick local authority children’s services\n\n${md}`, 'markdown');
    assert.deepEqual(
      report.judgements.map((j) => [j.area, j.grade]),
      [
        ['impact-of-leaders', 'inadequate'],
        ['children-in-care', 'good'],
        ['overall-effectiveness', 'requires-improvement'],
      ],
    );
  });

  it('mends a word hyphenated only for the line and keeps a compound’s hyphen', () => {
    const items = [
      ...lines(['The quality of assess-', 'ments varies; assessments are late.'], 71, 700),
      ...lines(['Good decision-', 'making, and decision-making is quick.'], 71, 650),
      ...lines(['A co-', 'ordinator is named.'], 71, 600),
      ...lines(['Soft hy\u00adphens vanish and mend a re\u00ad', 'view.'], 71, 550),
    ];
    const md = layoutToMarkdown([page(1, items)]);
    assert.equal(
      md,
      'The quality of assessments varies; assessments are late.\n\nGood decision-making, and decision-making is quick.\n\nA co-ordinator is named.\n\nSoft hyphens vanish and mend a review.\n',
    );
  });

  it('joins a paragraph broken by the end of a page, across the footer and the footnote', () => {
    const p1 = page(1, [
      ...frame(1),
      ...lines(['The paragraph starts near the foot of the page and'], 71, 120),
      item('1', 71, 92, 6.5),
      item('A footnote in smaller type.', 77, 88, 10),
    ]);
    const p2 = page(2, [...frame(2), ...lines(['carries on at the top of the next one.'], 71, 750), ...lines(['A new paragraph.'], 71, 700)]);
    const md = layoutToMarkdown([p1, p2]);
    assert.equal(md, 'The paragraph starts near the foot of the page and carries on at the top of the next one.\n\nA new paragraph.\n\n## Notes\n\nNote 1: A footnote in smaller type.\n');
  });

  it('does not join across pages when the text before the break ends a sentence', () => {
    const md = layoutToMarkdown([page(1, lines(['The first page ends a sentence.'], 71, 120)), page(2, lines(['the next page starts in lower case.'], 71, 750))]);
    assert.equal(md, 'The first page ends a sentence.\n\nthe next page starts in lower case.\n');
  });

  it('leaves out a contents page’s entries', () => {
    const items = [
      item('Contents', 71, 750, 16, 'bold'),
      item('Executive summary', 85, 720),
      item('2', 510, 720),
      item('Recommendations', 85, 700),
      item('8', 510, 700),
      item('Inspection findings', 85, 680),
      item('10', 505, 680),
    ];
    const md = layoutToMarkdown([page(1, items), page(2, lines(['The report itself.'], 71, 700))]);
    assert.equal(md, 'The report itself.\n');
  });

  it('escapes text Markdown would read as markup, and the parser gets the words back', () => {
    const md = renderMarkdown([
      { kind: 'paragraph', text: '2019. The year *everything* changed [again] <sic> a_b', page: 1, size: 12, x: 0, top: 0, bottom: 0 },
      { kind: 'paragraph', text: '# not a heading', page: 1, size: 12, x: 0, top: 0, bottom: 0 },
      { kind: 'paragraph', text: '- not a bullet', page: 1, size: 12, x: 0, top: 0, bottom: 0 },
    ]);
    const report = parseReportText('r.md', md, 'markdown');
    assert.deepEqual(
      report.paragraphs.map((p) => [p.kind, p.number, p.text]),
      [
        ['paragraph', null, '2019. The year *everything* changed [again] <sic> a_b'],
        ['paragraph', null, '# not a heading'],
        ['paragraph', null, '- not a bullet'],
      ],
    );
  });

  it('gives no blocks and no Markdown for pages without text', () => {
    assert.deepEqual(layoutBlocks([page(1, []), page(2, [])]), []);
    assert.equal(layoutToMarkdown([page(1, [])]), '');
  });
});
