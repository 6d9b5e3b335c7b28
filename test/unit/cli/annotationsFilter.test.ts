/** `ilacs annotations` with filters: the same core filter the editor's Find Tags uses. */
import * as assert from 'node:assert/strict';
import { annotationsCommand } from '../../../src/cli/commands/annotations';
import { tagCommand } from '../../../src/cli/commands/tag';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, removeWorkspace } from '../workspace/helpers';

describe('ilacs annotations: filters', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  async function tag(file: string, paragraph: string, criterion: string, extra: string[]): Promise<string> {
    const io = new FakeIo(root);
    assert.equal(await tagCommand.run([file, '--paragraph', paragraph, '--criterion', criterion, ...extra], io), 0, io.stderr);
    return io.stdout.trim();
  }

  async function ids(...filters: string[]): Promise<string[]> {
    const io = new FakeIo(root);
    const code = await annotationsCommand.run(['.', '--json', ...filters], io);
    assert.equal(code, 0, io.stderr);
    return (JSON.parse(io.stdout) as { annotations: { id: string }[] }).annotations.map((a) => a.id).sort();
  }

  it('narrows by criterion, assessment, status, author, report and words, and combines them', async () => {
    const a = await tag(INSPECTION, '2', 'hp.assessments', ['--author', 'Ann', '--assessment', 'area-for-improvement', '--note', 'Drift in assessments for the board']);
    const b = await tag(INSPECTION, '8', 'lead.supervision', ['--author', 'Bea', '--assessment', 'strength']);
    const c = await tag(FOCUSED_VISIT, 'main-findings.2', 'lead.supervision', ['--author', 'ann']);
    assert.deepEqual(await ids(), [a, b, c].sort());
    assert.deepEqual(await ids('--criterion', 'lead.supervision'), [b, c].sort());
    assert.deepEqual(await ids('--criterion', 'lead.supervision', '--criterion', 'hp.assessments'), [a, b, c].sort(), 'repeated values are alternatives');
    assert.deepEqual(await ids('--assessment', 'strength'), [b]);
    assert.deepEqual(await ids('--assessment', 'area for improvement'), [a], 'the words are read as well as the id');
    assert.deepEqual(await ids('--assessment', 'none'), [c]);
    assert.deepEqual(await ids('--author', 'ANN'), [a, c].sort(), 'authors ignore case');
    assert.deepEqual(await ids('--report', INSPECTION), [a, b].sort());
    assert.deepEqual(await ids('--text', 'board drift'), [a], 'every word, in the note');
    assert.deepEqual(await ids('--text', 'supervision'), [b, c].sort(), 'criteria labels and ids are searched');
    assert.deepEqual(await ids('--author', 'ann', '--criterion', 'lead.supervision'), [c], 'different fields must all hold');
    assert.deepEqual(await ids('--status', 'in progress'), []);
  });

  it('says when nothing matches, and refuses a value it does not know', async () => {
    await tag(INSPECTION, '2', 'hp.assessments', ['--author', 'Ann']);
    const io = new FakeIo(root);
    assert.equal(await annotationsCommand.run(['.', '--author', 'Nobody'], io), 0);
    assert.match(io.stdout, /No annotations in this workspace match/);
    await assert.rejects(annotationsCommand.run(['.', '--status', 'done'], new FakeIo(root)), /unknown status "done": use open, in-progress, resolved/);
    await assert.rejects(annotationsCommand.run(['.', '--assessment', 'weak'], new FakeIo(root)), /unknown assessment "weak"/);
  });
});
