import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { commands } from '../../../src/cli/commands';
import { improvementsCommand } from '../../../src/cli/commands/improvements';
import { tagCommand } from '../../../src/cli/commands/tag';
import { main } from '../../../src/cli/main';
import { AnnotationStore, storeFileFor } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, writeText } from '../workspace/helpers';

interface JsonItem {
  key: string;
  area: string | null;
  criteria: string[];
  text: string;
  source: 'printed' | 'tagged';
  file: string;
  paragraph: string | null;
  paragraphNumber: number | null;
  range: unknown;
  status: string;
  localAuthority: string | null;
  reportKind: string | null;
  reportDate: string | null;
  evidence: string[];
}
interface JsonTree {
  status: string;
  total: number;
  open: number;
  items: JsonItem[];
  groups: { area: string | null; label: string; count: number; open: number; criteria: { criterion: string | null; label: string; count: number; open: number; items: string[] }[] }[];
}

describe('ilacs improvements', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  async function tag(file: string, paragraph: string, assessment: string, ...criteria: string[]): Promise<string> {
    const io = new FakeIo(root);
    const code = await tagCommand.run([file, '--paragraph', paragraph, ...criteria.flatMap((c) => ['--criterion', c]), '--author', 'X', '--assessment', assessment], io);
    assert.equal(code, 0, io.stderr);
    return `tagged:${file}#${io.stdout.trim()}`;
  }

  async function tree(...args: string[]): Promise<JsonTree> {
    const io = new FakeIo(root);
    const code = await improvementsCommand.run(['.', '--json', ...args], io);
    assert.equal(code, 0, io.stderr);
    return JSON.parse(io.stdout) as JsonTree;
  }

  it('is registered', () => {
    assert.ok(commands.includes(improvementsCommand));
  });

  it('prints printed and tagged items as JSON, grouped, with evidence links', async () => {
    const evidence = await tag(INSPECTION, '8', 'serious-weakness', 'lead.supervision');
    await tag(INSPECTION, '4', 'strength', 'cic.family-time');
    const json = await tree();
    assert.equal(json.status, 'open');
    assert.equal(json.total, 7);
    assert.equal(json.open, 7);
    const item = json.items.find((i) => i.key === `printed:${INSPECTION}#ia2`)!;
    assert.deepEqual(Object.keys(item), ['key', 'area', 'criteria', 'text', 'source', 'file', 'paragraph', 'paragraphNumber', 'range', 'status', 'localAuthority', 'reportKind', 'reportDate', 'evidence', 'assessment', 'note', 'orphaned', 'followUps', 'latestFollowUp', 'stillRaised', 'suggestedStatus', 'owner', 'due', 'rag', 'ragReason']);
    assert.deepEqual(
      [item.area, item.criteria, item.source, item.file, item.paragraph, item.paragraphNumber, item.status, item.localAuthority, item.reportKind, item.reportDate, item.evidence],
      ['impact-of-leaders', ['lead.supervision'], 'printed', INSPECTION, 'what-needs-to-improve.2', null, 'open', 'Ashcombe', 'inspection', '2024-02-16', [evidence]],
    );
    const tagged = json.items.find((i) => i.key === evidence)!;
    assert.equal(tagged.source, 'tagged');
    assert.equal(tagged.paragraphNumber, 8);
    assert.deepEqual(
      json.groups.map((g) => [g.label, g.count, g.criteria.map((c) => [c.criterion, c.count, c.items.length])]),
      [
        ['Help and protection', 2, [['hp.assessments', 2, 2]]],
        ['Care leavers', 1, [['cl.pathway-plans', 1, 1]]],
        ['Impact of leaders', 4, [['lead.supervision', 4, 4]]],
      ],
    );
  });

  it("reflects a printed item's status set through the store, and filters by status", async () => {
    assert.equal((await tree()).total, 6);
    const store = new AnnotationStore(new NodeStoreFileSystem(root));
    await store.setImprovementStatus(FOCUSED_VISIT, { improvement: 'ia1', quote: 'The quality of supervision and management oversight of children’s plans.', status: 'resolved', author: 'X' });
    await store.setImprovementStatus(INSPECTION, { improvement: 'ia3', quote: 'The quality and timeliness of pathway plans for care leavers.', status: 'in-progress', author: 'X' });
    const open = await tree();
    assert.equal(open.total, 5);
    assert.equal(open.open, 5);
    assert.ok(!open.items.some((i) => i.key === `printed:${FOCUSED_VISIT}#ia1`));
    assert.equal(open.items.find((i) => i.key === `printed:${INSPECTION}#ia3`)?.status, 'in-progress');
    const leaders = open.groups.find((g) => g.area === 'impact-of-leaders')!;
    assert.deepEqual([leaders.count, leaders.open], [2, 2]);

    const resolved = await tree('--status', 'resolved');
    assert.deepEqual(resolved.items.map((i) => i.key), [`printed:${FOCUSED_VISIT}#ia1`]);
    assert.deepEqual([resolved.total, resolved.open, resolved.groups[0].count, resolved.groups[0].open], [1, 5, 1, 0]);
    assert.deepEqual((await tree('--status', 'in-progress')).items.map((i) => i.key), [`printed:${INSPECTION}#ia3`]);
    const all = await tree('--status', 'all');
    assert.equal(all.total, 6);
    assert.equal(all.groups.find((g) => g.area === 'impact-of-leaders')?.open, 2);
  });

  it('prints an indented tree with counts on every group', async () => {
    await tag(INSPECTION, '2', 'area-for-improvement', 'hp.assessments');
    const io = new FakeIo(root);
    assert.equal(await improvementsCommand.run([root], io), 0, io.stderr);
    const lines = io.stdout.split('\n');
    assert.equal(lines[0], 'Improvement areas: 7 open; showing items not yet resolved (7)');
    assert.equal(lines[2], 'Help and protection (3)');
    assert.equal(lines[3], '  Quality of assessments [hp.assessments] (3)');
    assert.equal(lines[4], '    [open] The timeliness of assessments when risks to children increase.');
    assert.equal(lines[5], `      Ashcombe, focused-visit, 2022-11-09: ${FOCUSED_VISIT}, what-needs-to-improve-in-this-area-of-social-work-practice.2, line 26 (printed; 1 evidence)`);
    assert.ok(lines.includes(`      Ashcombe, inspection, 2024-02-16: ${INSPECTION}, paragraph 2, line 53 (tagged area-for-improvement)`), io.stdout);
    assert.ok(lines.includes('Impact of leaders (3)'));
    assert.ok(lines.indexOf('Help and protection (3)') < lines.indexOf('Care leavers (1)'));
    assert.ok(lines.indexOf('Care leavers (1)') < lines.indexOf('Impact of leaders (3)'));
  });

  it('lists tags of a missing report as orphans and names it on stderr', async () => {
    const key = await tag(OTHER_AUTHORITY, 'main-findings.1', 'area-for-improvement', 'lead.supervision');
    await fs.rm(path.join(root, ...OTHER_AUTHORITY.split('/')));
    const io = new FakeIo(root);
    assert.equal(await improvementsCommand.run(['.', '--json'], io), 0);
    assert.match(io.stderr, /brindlesham__02-may-2023\.txt: the report file is missing; its tags are listed as orphans/);
    const item = (JSON.parse(io.stdout) as JsonTree).items.find((i) => i.key === key)!;
    assert.deepEqual([item.range, item.reportKind, item.paragraph], [null, null, 'main-findings.1']);
  });

  it('reports unreadable reports and store files, and lists the rest', async () => {
    await writeText(root, 'empty.txt', '\n\n');
    await tag(FOCUSED_VISIT, 'main-findings.2', 'area-for-improvement', 'lead.supervision');
    const broken = storeFileFor(FOCUSED_VISIT);
    await writeText(root, broken, (await readText(root, broken)).replace('"status": "open"', '"status": "closed"'));
    const io = new FakeIo(root);
    assert.equal(await improvementsCommand.run(['.', '--json'], io), 1);
    assert.match(io.stderr, /empty\.txt: the file is empty/);
    assert.match(io.stderr, /\.ilacs\/annotations\/ashcombe__09-november-2022\.txt\.json:\d+:\d+: /);
    const json = JSON.parse(io.stdout) as JsonTree;
    assert.equal(json.total, 6, 'printed items of every report, including the one whose store is broken');
  });

  it('refuses a bad --status', async () => {
    const io = new FakeIo(root);
    assert.equal(await main(['improvements', '.', '--status', 'closed'], io), 2);
    assert.match(io.stderr, /--status "closed" is not one of open, in-progress, resolved, all/);
  });

  it('goes on with the built-in codebook while the workspace codebook has errors, names them and exits 1', async () => {
    const good = new FakeIo(root);
    assert.equal(await improvementsCommand.run(['.', '--json'], good), 0, good.stderr);
    await writeText(root, '.ilacs/codebook.json', '{"criteria": 3}');
    const io = new FakeIo(root);
    assert.equal(await improvementsCommand.run(['.', '--json'], io), 1);
    assert.match(io.stderr, /^\.ilacs\/codebook\.json:1:\d+: criteria: must be an array/);
    assert.match(io.stderr, /ilacs improvements: the workspace codebook has errors; using the last valid codebook \(the built-in one\) until they are fixed\n/);
    assert.equal(io.stdout, good.stdout, 'the same items, grouped by the built-in codebook');
    // From another folder, the codebook's errors name the workspace's file, not one of the current folder.
    const sub = new FakeIo(path.join(root, 'letters'));
    assert.equal(await improvementsCommand.run(['..'], sub), 1);
    assert.ok(sub.stderr.startsWith(`${path.join(root, '.ilacs', 'codebook.json')}:1:`), sub.stderr);
  });
});
