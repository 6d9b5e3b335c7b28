/**
 * Blocks that are on the page but are not the report's words: a news site's "READ MORE: ..."
 * promotions and photo captions, and footnote markers left alone on a line (a PDF's superscript
 * "1" after a heading). They never become paragraphs or sections.
 */
import type { Block } from './blocks';

const PROMOTION = /^(?:READ MORE|READ|MORE|SEE ALSO|RELATED|WATCH|LISTEN)\s*:/;
const CAPTION = /\((?:Image|Picture|Photo|Pic)s?\s*:[^)]*\)\s*$/i;
const FOOTNOTE_MARKER = /^\d{1,2}$/;

export function isPageFurniture(b: Block): boolean {
  if (b.number !== null) return false;
  const t = b.text.trim();
  if (PROMOTION.test(t)) return true;
  if (CAPTION.test(t) && t.length < 200 && !/[.!?]["”’']?\s/.test(t.replace(CAPTION, ''))) return true;
  return b.kind !== 'bullet' && FOOTNOTE_MARKER.test(t);
}

export function dropPageFurniture(blocks: Block[]): Block[] {
  return blocks.some(isPageFurniture) ? blocks.filter((b) => !isPageFurniture(b)) : blocks;
}
