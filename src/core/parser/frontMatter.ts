/**
 * A YAML front-matter block at the top of a Markdown report (`---` on the first line, `---` or
 * `...` closing it), as the PDF import writes one. It is metadata about the file, not report text:
 * the readers see it as blank lines, so every position in the report stays where it is.
 */

const OPEN = /^\ufeff?---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;
/** A key, an indented continuation, a list item, a comment or a blank line. */
const YAML_LINE = /^(?:[A-Za-z0-9_-]+[ \t]*:.*|[ \t]+.*|-[ \t].*|#.*|)\r?$/;
/** Front matter longer than this is not looked for. */
const MAX_LENGTH = 20_000;

/** Length of the front-matter block (through its closing line's end), or 0 when there is none. */
export function frontMatterLength(text: string): number {
  const open = OPEN.exec(text);
  if (!open) return 0;
  const rest = text.slice(open[0].length, open[0].length + MAX_LENGTH);
  const close = CLOSE.exec(rest);
  if (!close) return 0;
  // Only YAML-looking lines in between: a report that opens with a rule is not front matter.
  if (!rest.slice(0, close.index).split(/\r?\n/).every((l) => YAML_LINE.test(l))) return 0;
  let end = open[0].length + close.index + close[0].length;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n' || text[end] === '\r') end += 1;
  return end;
}

/** The text with its front matter (if any) replaced by spaces, line breaks kept. */
export function maskFrontMatter(text: string): string {
  const n = frontMatterLength(text);
  if (n === 0) return text;
  return text.slice(0, n).replace(/[^\r\n]/g, ' ') + text.slice(n);
}
