import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { commands } from '../../../src/cli/commands';
import { annotationsCommand } from '../../../src/cli/commands/annotations';
import { tagCommand } from '../../../src/cli/commands/tag';
import { main } from '../../../src/cli/main';
import { storeFileFor } from '../../../src/core/annotations';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, rewrap, writeText } from '../workspace/helpers';

interface Listed {
  id: string;
  file: string;
  criteria: string[];
  orphaned: boolean;
  anchor: { paragraph: string | null; number: number | null; range: { start: { line: number }; end: { line: number } }; quote: string } | null;
}

describe('ilacs annotations', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  async function tag(file: string, paragraph: string, ...criteria: string[]): Promise<string> {
    const io = new FakeIo(root);
    const code = await tagCommand.run([file, '--paragraph', paragraph, ...criteria.flatMap((c) => ['--criterion', c]), '--author', 'A. Officer', '--assessment', 'area-for-improvement'], io);
    assert.equal(code, 0, io.stderr);
    return io.stdout.trim();
  }

  async function list(expectedCode = 0): Promise<{ annotations: Listed[]; stderr: string }> {
    const io = new FakeIo(root);
    const code = await annotationsCommand.run(['.', '--json'], io);
    assert.equal(code, expectedCode, io.stderr);
    return { ...(JSON.parse(io.stdout) as { annotations: Listed[] }), stderr: io.stderr };
  }

  it('is registered', () => {
    assert.ok(commands.includes(annotationsCommand));
  });

  it('lists every tag with its current anchor, in the documented shape', async () => {
    const id2 = await tag(INSPECTION, '2', 'hp.assessments');
    const idFv = await tag(FOCUSED_VISIT, 'main-findings.2', 'lead.supervision');
    const id8 = await tag(INSPECTION, '8', 'lead.supervision', 'lead.grip-on-practice');
    const { annotations, stderr } = await list();
    assert.equal(stderr, '');
    assert.deepEqual(annotations.map((a) => a.id), [idFv, id2, id8], 'by report path, then position');
    const a = annotations[1] as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(a), ['id', 'file', 'criteria', 'assessment', 'status', 'note', 'author', 'created', 'modified', 'orphaned', 'anchor']);
    assert.equal(a.file, INSPECTION);
    assert.deepEqual(a.criteria, ['hp.assessments']);
    assert.equal(a.assessment, 'area-for-improvement');
    assert.equal(a.status, 'open');
    assert.equal(a.note, '');
    assert.equal(a.author, 'A. Officer');
    assert.match(a.created as string, /^\d{4}-\d\d-\d\dT/);
    assert.equal(a.created, a.modified);
    assert.equal(a.orphaned, false);
    const anchor = a.anchor as Listed['anchor'];
    assert.equal(anchor?.paragraph, 'p2');
    assert.equal(anchor?.number, 2);
    assert.equal(anchor?.range.start.line, 52, 'the tag starts at the paragraph\'s words, below its printed number');
    assert.match(anchor!.quote, /^Assessments for children in need/);
    assert.deepEqual(annotations[2].criteria, ['lead.supervision', 'lead.grip-on-practice']);
  });

  it('follows the tagged text after the report is edited on disk: paragraph inserted above, lines re-wrapped', async () => {
    const id = await tag(INSPECTION, '6', 'cl.pathway-plans');
    const before = (await list()).annotations[0];
    const text = await readText(root, INSPECTION);
    const at = text.indexOf('The experiences and progress of children in care: good');
    let edited = text.slice(0, at) + 'The service for disabled children has been reorganised since the last\nvisit, with a new team manager.\n\n' + text.slice(at);
    edited = rewrap(edited, 'Personal advisers keep in close touch', 35);
    await writeText(root, INSPECTION, edited);
    const after = (await list()).annotations[0];
    assert.equal(after.id, id);
    assert.equal(after.orphaned, false);
    assert.equal(after.anchor?.paragraph, 'p6');
    assert.equal(after.anchor?.number, 6);
    assert.equal(after.anchor!.range.start.line, before.anchor!.range.start.line + 3);
    assert.ok(after.anchor!.range.end.line - after.anchor!.range.start.line > before.anchor!.range.end.line - before.anchor!.range.start.line, 'more lines after re-wrapping');
    assert.equal(after.anchor?.quote.replace(/\s+/g, ' '), before.anchor?.quote.replace(/\s+/g, ' '));
  });

  it('lists a tag whose text was deleted as an orphan, and keeps it in the store', async () => {
    const id = await tag(INSPECTION, '7', 'lead.caseloads');
    await tag(INSPECTION, '8', 'lead.supervision');
    const text = await readText(root, INSPECTION);
    await writeText(root, INSPECTION, text.slice(0, text.indexOf('7.\n')) + text.slice(text.indexOf('8.\n')));
    const { annotations } = await list();
    const orphan = annotations.find((a) => a.id === id)!;
    assert.equal(orphan.orphaned, true);
    assert.equal(orphan.anchor, null);
    assert.equal(annotations.filter((a) => !a.orphaned).length, 1);
    const stored = JSON.parse(await readText(root, storeFileFor(INSPECTION)));
    assert.ok(stored.annotations.some((a: { id: string }) => a.id === id));
  });

  it('names a missing report file on stderr and lists its tags as orphans', async () => {
    await tag(OTHER_AUTHORITY, 'main-findings.1', 'cl.personal-advisers');
    await tag(INSPECTION, '1', 'hp.front-door');
    await fs.rm(path.join(root, ...OTHER_AUTHORITY.split('/')));
    const { annotations, stderr } = await list();
    assert.match(stderr, /letters\/brindlesham__02-may-2023\.txt: the report file is missing; its 1 tag\(s\) are listed as orphans/);
    assert.deepEqual(annotations.map((a) => [a.file, a.orphaned]), [[INSPECTION, false], [OTHER_AUTHORITY, true]]);
  });

  it('reports a corrupt store file by path, line and column, and still lists the other reports', async () => {
    await tag(INSPECTION, '1', 'hp.front-door');
    await tag(FOCUSED_VISIT, 'main-findings.1', 'hp.visits-voice');
    const broken = storeFileFor(FOCUSED_VISIT);
    const original = await readText(root, broken);
    const corrupt = original.replace('"criteria": [', '"criteria": [,');
    await writeText(root, broken, corrupt);
    const { annotations, stderr } = await list(1);
    const line = corrupt.split('\n').findIndex((l) => l.includes('[,')) + 1;
    assert.match(stderr, new RegExp(`^\\.ilacs/annotations/ashcombe__09-november-2022\\.txt\\.json:${line}:\\d+: `));
    assert.deepEqual(annotations.map((a) => a.file), [INSPECTION]);
    assert.equal(await readText(root, broken), corrupt, 'left as it was');
  });

  it('prints a readable listing, and says when there is nothing', async () => {
    const empty = new FakeIo(root);
    assert.equal(await annotationsCommand.run(['.'], empty), 0);
    assert.equal(empty.stdout, 'No annotations in this workspace.\n');
    const id = await tag(INSPECTION, '2', 'hp.assessments');
    const io = new FakeIo(root);
    assert.equal(await annotationsCommand.run([root], io), 0);
    assert.match(io.stdout, new RegExp(`^ashcombe__14-march-2024\\.txt \\(1 tag\\(s\\)\\)\\n  paragraph 2, line 53: hp\\.assessments; area-for-improvement; open  \\[${id}\\]\\n    "Assessments for children`));
  });

  it('reads the codebook only for --text (to match criteria labels), and goes on with the built-in one while the workspace codebook has errors', async () => {
    await fs.writeFile(path.join(root, '.ilacs', 'codebook.json'), '{"criteria": [{"id": "hp.court", "label": "Court work", "area": "help-and-protection"}]}');
    const id = await tag(INSPECTION, '2', 'hp.court');
    const byLabel = new FakeIo(root);
    assert.equal(await annotationsCommand.run(['.', '--json', '--text', 'court work'], byLabel), 0, byLabel.stderr);
    assert.deepEqual((JSON.parse(byLabel.stdout) as { annotations: Listed[] }).annotations.map((a) => a.id), [id]);

    await fs.writeFile(path.join(root, '.ilacs', 'codebook.json'), '{"criteria": [}');
    assert.equal((await list()).annotations.length, 1, 'without --text the codebook is not read');
    const broken = new FakeIo(root);
    assert.equal(await annotationsCommand.run(['.', '--json', '--text', 'court work'], broken), 1);
    assert.match(broken.stderr, /^\.ilacs\/codebook\.json:1:\d+: invalid JSON/);
    assert.match(broken.stderr, /ilacs annotations: the workspace codebook has errors; using the last valid codebook \(the built-in one\) until they are fixed\n/);
    assert.deepEqual((JSON.parse(broken.stdout) as { annotations: Listed[] }).annotations, [], 'the built-in codebook has no label "Court work"');
  });

  it('needs an existing folder', async () => {
    const io = new FakeIo(root);
    assert.equal(await main(['annotations', 'nowhere'], io), 2);
    assert.match(io.stderr, /nowhere: no such folder/);
    const io2 = new FakeIo(root);
    assert.equal(await main(['annotations', INSPECTION], io2), 2);
    assert.match(io2.stderr, /is a file, not a workspace folder/);
  });
});
