/**
 * Turns the bytes of a report file into text: UTF-8 (with or without a byte-order mark), UTF-16
 * with a byte-order mark, or Windows-1252 when the bytes are not valid UTF-8. Rejects empty and
 * binary files with a clear problem statement.
 *
 * VS Code shows a Windows-1252 file as Windows-1252 only when it is reopened with that encoding
 * (or `files.autoGuessEncoding` is on); otherwise it shows the bytes it cannot read as U+FFFD.
 * The editor side therefore warns about such files (see `src/extension/encodingCheck.ts`), so the
 * text tags are made on is the same in the editor and in the CLI.
 */
import { ReportError } from '../model';

export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'windows1252';

export interface DecodedText {
  text: string;
  encoding: Encoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/**
 * Windows-1252 bytes 0x80 to 0x9F (curly quotes, dashes, the euro sign...). Node's own
 * 'windows-1252' decoder can map them as Latin-1 control characters, so they are mapped here;
 * every other byte is the same code point as in Latin-1. Undefined bytes stay as their C1 code.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    chunk += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function decodeReport(file: string, content: Uint8Array | string): DecodedText {
  let decoded: DecodedText;
  if (typeof content === 'string') {
    decoded = content.charCodeAt(0) === 0xfeff ? { text: content.slice(1), encoding: 'utf8bom' } : { text: content, encoding: 'utf8' };
  } else {
    decoded = decodeBytes(file, content);
  }
  if (decoded.text.trim().length === 0) {
    throw new ReportError(file, 'the file is empty: there is no report text to read');
  }
  if (looksBinary(decoded.text)) {
    throw new ReportError(file, 'this is a binary file, not a report: export the report as plain text (.txt) or Markdown (.md) first');
  }
  return decoded;
}

function decodeBytes(file: string, bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8OrFail(file, bytes.subarray(3)), encoding: 'utf8bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf16be' };
  }
  if (bytes.length > 4 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    throw new ReportError(file, 'this is a PDF file: extract its text first (for example with pdftotext) and open the .txt');
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf8' };
  } catch {
    if (bytes.indexOf(0) >= 0) {
      throw new ReportError(file, 'this is a binary file, not a report: export the report as plain text (.txt) or Markdown (.md) first');
    }
    return { text: decodeWindows1252(bytes), encoding: 'windows1252' };
  }
}

function decodeUtf8OrFail(file: string, bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ReportError(file, 'the file starts with a UTF-8 byte-order mark but is not valid UTF-8');
  }
}

/** NUL characters, or many control characters other than tab, line breaks and form feed. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > n / 20;
}
