/**
 * Limits on JSON read from files (store files, the workspace codebook, exports), checked before the
 * text is parsed: parsers and validators recurse over nesting, so a 10 KB file of 5,000 nested
 * arrays would otherwise end in "Maximum call stack size exceeded", naming no file.
 */

/** Deepest nesting of objects and arrays accepted; the product's own files need fewer than ten levels. */
export const MAX_JSON_DEPTH = 64;

/** Largest JSON text accepted, in UTF-16 code units (about bytes for these files). */
export const MAX_JSON_LENGTH = 32 * 1024 * 1024;

export interface JsonLimitProblem {
  /** Offset in the text where the limit was passed. */
  offset: number;
  message: string;
}

/**
 * The first limit `text` passes, or null. One pass over the text, without recursion; strings are
 * skipped so brackets inside them do not count.
 */
export function checkJsonLimits(text: string, limits: { maxDepth?: number; maxLength?: number } = {}): JsonLimitProblem | null {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxLength = limits.maxLength ?? MAX_JSON_LENGTH;
  if (text.length > maxLength) {
    return { offset: 0, message: `the file is ${(text.length / 1048576).toFixed(1)} MB; files of more than ${(maxLength / 1048576).toFixed(0)} MB are not read` };
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump to the quote that ends the string: one not escaped by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      for (;;) {
        if (end < 0) return null; // an unterminated string: the parser reports it
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { offset: i, message: `objects and arrays are nested more than ${maxDepth} deep` };
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    }
  }
  return null;
}
