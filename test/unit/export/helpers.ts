/** Set-up shared by the export tests: a temporary workspace of the fixture reports with tags in it. */
import * as assert from 'node:assert/strict';
import { AnnotationStore, type Annotation } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { openNodeSession } from '../../../src/node/host';
import { builtinCodebook } from '../../../src/core/codebook';
import { buildExport, collectWorkspace, sourceTexts, type ExportDocument, type ExportOptions } from '../../../src/core/export';
import { paragraphSelectors } from '../../../src/core/workspace';
import { parseReport } from '../../../src/core/parser';
import { readText } from '../workspace/helpers';

export { FOCUSED_VISIT, INSPECTION, OTHER_AUTHORITY, makeWorkspace, readText, removeWorkspace, writeText, FakeIo } from '../workspace/helpers';

export const EXPORTED = new Date('2026-11-23T12:00:00.000Z');

let lastId = 0;

/** A store whose clock the test sets, giving ids that are UUIDs and never repeat within a run. */
export function storeAt(root: string, start = Date.parse('2026-11-20T09:00:00.000Z')): AnnotationStore {
  let tick = 0;
  return new AnnotationStore(new NodeStoreFileSystem(root), {
    now: () => new Date(start + 60_000 * tick++),
    newId: () => `00000000-0000-4000-8000-${String(++lastId).padStart(12, '0')}`,
  });
}

/** Tags a whole paragraph of a workspace report, as `ilacs tag` does. */
export async function tagParagraph(
  root: string,
  store: AnnotationStore,
  file: string,
  paragraphId: string,
  fields: { criteria: string[]; assessment?: Annotation['assessment']; status?: Annotation['status']; note?: string; author?: string },
): Promise<Annotation> {
  const text = await readText(root, file);
  const report = parseReport(file, text);
  const paragraph = report.paragraphs.find((p) => p.id === paragraphId);
  assert.ok(paragraph, `${file} has no paragraph ${paragraphId}`);
  return store.add(file, {
    paragraph: paragraphId,
    selectors: paragraphSelectors(text, paragraph),
    criteria: fields.criteria,
    assessment: fields.assessment ?? null,
    status: fields.status ?? 'open',
    note: fields.note ?? '',
    author: fields.author ?? 'A. Officer',
  });
}

/** The export of a workspace folder with the built-in codebook. */
export async function exportOf(root: string, options: Partial<ExportOptions> = {}): Promise<{ doc: ExportDocument; texts: Map<string, string> }> {
  const collected = await collectWorkspace(openNodeSession(root));
  const doc = buildExport(collected.sources, builtinCodebook(), { workspace: 'test-workspace', exported: EXPORTED, ...options });
  return { doc, texts: sourceTexts(collected.sources) };
}
