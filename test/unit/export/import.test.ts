import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { STORE_FOLDER, storeFileFor } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { importExport, parseExport, serialiseExport, type ExportDocument } from '../../../src/core/export';
import { parseReport } from '../../../src/core/parser';
import { exportOf, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, storeAt, tagParagraph, writeText } from './helpers';

/** Every store file of a workspace, by path, as bytes on disk. */
async function storeFiles(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${dir}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else out.set(child, await fs.readFile(path.join(root, child), 'utf8'));
    }
  };
  await walk(STORE_FOLDER);
  return out;
}

/** The export as a colleague would receive it: written to text and read back. */
function received(doc: ExportDocument): ExportDocument {
  const parsed = parseExport(serialiseExport(doc));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
  return parsed.doc;
}

describe('export: import back into the store', () => {
  let root: string;
  let other: string;
  beforeEach(async () => {
    root = await makeWorkspace();
    other = await makeWorkspace();
    const store = storeAt(root);
    await tagParagraph(root, store, INSPECTION, 'p2', { criteria: ['hp.assessments', 'hp.plans'], assessment: 'area-for-improvement', note: 'Seen in 2022 too' });
    const strength = await tagParagraph(root, store, INSPECTION, 'p4', { criteria: ['cic.entry-to-care'], assessment: 'strength' });
    // Changed after it was made: created and modified differ.
    await store.update(INSPECTION, strength.id, { status: 'resolved' });
    await tagParagraph(root, store, OTHER_AUTHORITY, 'what-needs-to-improve-in-this-area-of-social-work-practice.1', { criteria: ['lead.supervision'], author: 'B. Adviser' });
    const [first, second] = parseReport(FOCUSED_VISIT, await readText(root, FOCUSED_VISIT)).improvementAreas;
    await store.setImprovementStatus(FOCUSED_VISIT, { improvement: first.id, quote: first.text, status: 'in-progress', note: 'Action plan agreed', author: 'A. Officer' });
    await store.setImprovementStatus(FOCUSED_VISIT, { improvement: second.id, quote: second.text, status: 'resolved', criteria: ['hp.assessments'], author: 'A. Officer' });
    // A tag whose report is gone: an orphan that must still travel.
    await tagParagraph(root, store, INSPECTION, 'p6', { criteria: ['cl.pathway-plans'] });
    await fs.rm(path.join(other, '.ilacs'), { recursive: true, force: true });
  });
  afterEach(async () => {
    await removeWorkspace(root);
    await removeWorkspace(other);
  });

  it('export then import into an empty workspace gives the same store, byte for byte', async () => {
    const before = await storeFiles(root);
    assert.equal(before.size, 3);
    const { doc } = await exportOf(root, { printed: true });
    const result = await importExport(received(doc), new NodeStoreFileSystem(other));
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(result.problems, []);
    assert.equal(result.addedTags, 4);
    assert.equal(result.addedStatuses, 2);
    assert.deepEqual(await storeFiles(other), before);
  });

  it('carries orphaned tags and statuses whose report file is missing, and says so', async () => {
    await fs.rm(path.join(root, OTHER_AUTHORITY));
    await fs.rm(path.join(other, OTHER_AUTHORITY));
    const before = await storeFiles(root);
    const { doc } = await exportOf(root, { printed: true });
    assert.ok(doc.findings.some((f) => f.orphaned && f.report.file === OTHER_AUTHORITY));
    const result = await importExport(received(doc), new NodeStoreFileSystem(other));
    assert.deepEqual(result.missingReports, [OTHER_AUTHORITY]);
    assert.deepEqual(await storeFiles(other), before);
  });

  it('import into the same workspace changes nothing', async () => {
    const before = await storeFiles(root);
    const { doc } = await exportOf(root, { printed: true });
    const result = await importExport(received(doc), new NodeStoreFileSystem(root));
    assert.equal(result.addedTags + result.addedStatuses, 0);
    assert.equal(result.unchanged, 6);
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(await storeFiles(root), before);
  });

  it('a tag or status edited on both sides is reported as a conflict and left as it is here', async () => {
    const { doc } = await exportOf(root, { printed: true });
    await importExport(received(doc), new NodeStoreFileSystem(other));
    // The colleague edits a note and a printed area's status; meanwhile the exporter re-anchors nothing.
    const theirs = storeAt(other, Date.parse('2026-11-24T09:00:00.000Z'));
    const tag = doc.findings.find((f) => f.type === 'tagged' && f.paragraph === 'p2');
    assert.ok(tag);
    await theirs.update(INSPECTION, tag.id, { note: 'Their note', status: 'in-progress' });
    const [first] = parseReport(FOCUSED_VISIT, await readText(other, FOCUSED_VISIT)).improvementAreas;
    await theirs.setImprovementStatus(FOCUSED_VISIT, { improvement: first.id, quote: first.text, status: 'resolved', author: 'C. Colleague' });
    const before = await storeFiles(other);

    const result = await importExport(received(doc), new NodeStoreFileSystem(other));
    assert.equal(result.conflicts.length, 2);
    const tagConflict = result.conflicts.find((c) => c.kind === 'tag');
    assert.ok(tagConflict);
    assert.equal(tagConflict.id, tag.id);
    assert.deepEqual(tagConflict.fields, ['status', 'note']);
    assert.equal(tagConflict.report, INSPECTION);
    assert.equal(tagConflict.incomingModified, tag.modified);
    const statusConflict = result.conflicts.find((c) => c.kind === 'improvement-status');
    assert.ok(statusConflict);
    assert.deepEqual(statusConflict.fields, ['status']);
    assert.equal(result.addedTags + result.addedStatuses, 0);
    // Nothing of theirs was overwritten.
    assert.deepEqual(await storeFiles(other), before);
    const kept = JSON.parse(before.get(storeFileFor(INSPECTION)) as string) as { annotations: { id: string; note: string }[] };
    assert.equal(kept.annotations.find((a) => a.id === tag.id)?.note, 'Their note');
  });

  it('adds what is new beside what is already there', async () => {
    const mine = storeAt(other, Date.parse('2026-11-25T09:00:00.000Z'));
    const own = await tagParagraph(other, mine, INSPECTION, 'p5', { criteria: ['cic.stability'], author: 'C. Colleague' });
    const { doc } = await exportOf(root);
    const result = await importExport(received(doc), new NodeStoreFileSystem(other));
    assert.equal(result.addedTags, 4);
    const stored = JSON.parse(await readText(other, storeFileFor(INSPECTION))) as { annotations: { id: string }[] };
    assert.ok(stored.annotations.some((a) => a.id === own.id));
    assert.equal(stored.annotations.length, 4);
  });

  it('carries a stored status whose item the report no longer prints, as an orphaned printed finding', async () => {
    const store = storeAt(root, Date.parse('2026-11-22T09:00:00.000Z'));
    await store.setImprovementStatus(FOCUSED_VISIT, { improvement: 'ia9', quote: 'An item a reissue dropped.', status: 'resolved', note: 'Closed at panel', author: 'A. Officer' });
    const before = await storeFiles(root);
    const { doc } = await exportOf(root, { printed: true });
    const dropped = doc.findings.find((f) => f.type === 'printed' && f.orphaned);
    assert.ok(dropped && dropped.type === 'printed');
    assert.equal(dropped.id, `printed:${FOCUSED_VISIT}#ia9`);
    assert.equal(dropped.text, 'An item a reissue dropped.');
    assert.equal(dropped.location, null);
    assert.equal(dropped.improvement.source, null);
    await importExport(received(doc), new NodeStoreFileSystem(other));
    assert.deepEqual(await storeFiles(other), before);
  });

  it('refuses a tag whose stored position ends before it starts, which the store could not read back', async () => {
    const { doc } = await exportOf(root);
    const copy = received(doc);
    const tag = copy.findings.find((f) => f.type === 'tagged' && f.report.file === INSPECTION);
    assert.ok(tag && tag.type === 'tagged');
    tag.stored.selectors.position = { start: 20, end: 10 };
    const result = await importExport(copy, new NodeStoreFileSystem(other));
    assert.equal(result.addedTags, doc.counts.tagged - 1);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], new RegExp(`tag ${tag.id} was not imported: its stored position ends \\(10\\) before it starts \\(20\\)`));
    const stored = JSON.parse(await readText(other, storeFileFor(tag.report.file))) as { annotations: { id: string }[] };
    assert.ok(!stored.annotations.some((a) => a.id === tag.id));
  });

  it('leaves a broken store file alone and names it', async () => {
    await writeText(other, storeFileFor(INSPECTION), '{ "schemaVersion": 1, ');
    const { doc } = await exportOf(root);
    const result = await importExport(received(doc), new NodeStoreFileSystem(other));
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], new RegExp(`${storeFileFor(INSPECTION).replace(/\./g, '\\.')} is not a valid annotation store file`));
    assert.match(result.problems[0], /were not imported/);
    assert.equal(await readText(other, storeFileFor(INSPECTION)), '{ "schemaVersion": 1, ');
    // The other reports' tags were still imported.
    assert.equal(result.addedTags, 1);
  });
});
