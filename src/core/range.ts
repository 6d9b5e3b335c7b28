/**
 * Positions and ranges in a report, counted the way VS Code counts them: 0-based lines,
 * 0-based UTF-16 code-unit characters within the line, line breaks (LF, CRLF or CR) excluded,
 * a leading byte-order mark excluded. The core never imports `vscode`; the editor adapters
 * convert at the edge.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export function position(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/**
 * Maps between offsets in a text (UTF-16 code units, line breaks included) and positions.
 * Built once per text; lookups are a binary search over line starts.
 */
export class LineIndex {
  /** Offset at which each line starts. */
  readonly lineStarts: Int32Array;
  /** Offset just past the last character of each line, before its line break. */
  readonly lineEnds: Int32Array;

  constructor(readonly text: string) {
    // Typed arrays sized by a first pass: a text of millions of short lines costs 8 bytes a line, with no regrowth.
    const lines = LineIndex.scan(text, null, null);
    this.lineStarts = new Int32Array(lines);
    this.lineEnds = new Int32Array(lines);
    LineIndex.scan(text, this.lineStarts, this.lineEnds);
  }

  /** Counts the lines of a text and, given arrays, records where each starts and ends. */
  private static scan(text: string, starts: Int32Array | null, ends: Int32Array | null): number {
    const n = text.length;
    let line = 0;
    // indexOf is much faster than a loop over characters; the next CR and the next LF are tracked apart.
    let cr = text.indexOf('\r');
    let lf = text.indexOf('\n');
    let start = 0;
    while (cr >= 0 || lf >= 0) {
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        end = cr;
        next = cr + 1;
        if (next < n && text.charCodeAt(next) === 10 /* CRLF */) {
          next++;
          lf = text.indexOf('\n', next);
        }
        cr = text.indexOf('\r', next);
      } else {
        end = lf;
        next = lf + 1;
        lf = text.indexOf('\n', next);
      }
      if (starts && ends) {
        starts[line] = start;
        ends[line] = end;
      }
      line++;
      start = next;
    }
    if (starts && ends) {
      starts[line] = start;
      ends[line] = n;
    }
    return line + 1;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnds[line]);
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(o, this.lineEnds[lo]) - this.lineStarts[lo] };
  }

  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[p.line];
    return Math.min(start + Math.max(0, p.character), this.lineEnds[p.line]);
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  textIn(r: Range): string {
    return this.text.slice(this.offsetAt(r.start), this.offsetAt(r.end));
  }
}
