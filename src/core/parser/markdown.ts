/**
 * Reads a Markdown report with unified + remark-parse: headings become section headings, ordered
 * list items become numbered paragraphs (with the number printed in the source), other list items
 * bullets, and pipe-table rows "| label | grade |" judgement rows.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { LineIndex } from '../range';
import { Block, ReadResult, unwrap } from './blocks';

interface MdNode {
  type: string;
  value?: string;
  ordered?: boolean | null;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const parser = unified().use(remarkParse);

export function readMarkdown(text: string, index: LineIndex): ReadResult {
  const root = parser.parse(text) as unknown as MdNode;
  const blocks: Block[] = [];

  const push = (kind: Block['kind'], node: MdNode, number: number | null, startOffset?: number): void => {
    const content = unwrap([plain(node)]);
    if (!content || !node.position) return;
    const start = index.positionAt(startOffset ?? node.position.start.offset ?? 0);
    const end = index.positionAt(node.position.end.offset ?? 0);
    blocks.push({ kind, number, text: content, range: { start, end }, startLine: start.line, endLine: end.line });
  };

  const visit = (node: MdNode): void => {
    switch (node.type) {
      case 'heading':
        push('heading', node, null);
        return;
      case 'paragraph':
        if (!tableRows(node, text, index, blocks)) push('paragraph', node, null);
        return;
      case 'list':
        for (const item of node.children ?? []) {
          const itemStart = item.position?.start.offset ?? 0;
          let number: number | null = null;
          if (node.ordered) {
            const m = /^\s*(\d{1,4})[.)]/.exec(text.slice(itemStart, itemStart + 8));
            number = m ? parseInt(m[1], 10) : null;
          }
          let first = true;
          for (const child of item.children ?? []) {
            if (child.type === 'paragraph' && first) {
              push(node.ordered ? 'paragraph' : 'bullet', child, number, itemStart);
            } else {
              visit(child);
            }
            first = false;
          }
        }
        return;
      case 'blockquote':
      case 'root':
        for (const c of node.children ?? []) visit(c);
        return;
      default:
        return;
    }
  };
  visit(root);
  return { blocks, signatory: null, letterDate: null };
}

function plain(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  if (node.type === 'break') return ' ';
  if (!node.children) return '';
  let s = '';
  for (const c of node.children) s += plain(c);
  return s;
}

/** A paragraph made of "| a | b |" lines: each row becomes blocks of its cells. */
function tableRows(node: MdNode, text: string, index: LineIndex, blocks: Block[]): boolean {
  const from = node.position?.start.offset ?? 0;
  const to = node.position?.end.offset ?? 0;
  const source = text.slice(from, to);
  if (!source.trimStart().startsWith('|')) return false;
  const startLine = index.positionAt(from).line;
  const endLine = index.positionAt(to).line;
  for (let line = startLine; line <= endLine; line++) {
    const lineText = index.lineText(line);
    if (/^\s*\|?\s*:?-{2,}/.test(lineText)) continue;
    const re = /\|([^|]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lineText))) {
      const cell = m[1];
      const trimmed = cell.trim();
      if (!trimmed) continue;
      const startChar = m.index + 1 + cell.indexOf(trimmed);
      blocks.push({
        kind: 'heading',
        number: null,
        text: trimmed.replace(/\*\*|__/g, ''),
        range: { start: { line, character: startChar }, end: { line, character: startChar + trimmed.length } },
        startLine: line,
        endLine: line,
      });
    }
  }
  return true;
}
