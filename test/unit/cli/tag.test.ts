import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { commands } from '../../../src/cli/commands';
import { tagCommand } from '../../../src/cli/commands/tag';
import { main } from '../../../src/cli/main';
import { AnnotationStore, storeFileFor } from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import { exists, FakeIo, INSPECTION, makeWorkspace, OTHER_AUTHORITY, removeWorkspace } from '../workspace/helpers';

describe('ilacs tag', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  const storeOf = (dir: string) => new AnnotationStore(new NodeStoreFileSystem(dir));

  it('is registered', () => {
    assert.ok(commands.includes(tagCommand));
  });

  it('tags a numbered paragraph with its whole text and prints the id', async () => {
    const io = new FakeIo(root);
    const code = await tagCommand.run(
      [INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--criterion', 'hp.plans', '--assessment', 'area-for-improvement', '--status', 'in-progress', '--note', 'Seen again in 2025', '--author', 'A. Officer'],
      io,
    );
    assert.equal(code, 0, io.stderr);
    assert.equal(io.stderr, '');
    const id = io.stdout.trim();
    assert.match(id, /^[0-9a-f-]{36}$/);
    const [a] = await storeOf(root).list(INSPECTION);
    assert.equal(a.id, id);
    assert.equal(a.paragraph, 'p2');
    assert.deepEqual(a.criteria, ['hp.assessments', 'hp.plans']);
    assert.equal(a.assessment, 'area-for-improvement');
    assert.equal(a.status, 'in-progress');
    assert.equal(a.note, 'Seen again in 2025');
    assert.equal(a.author, 'A. Officer');
    assert.match(a.selectors.quote.exact, /^Assessments for children in need are too often late\./, 'the quote is the paragraph\'s words, without its printed number');
    assert.match(a.selectors.quote.exact, /what must change for the child\.$/);
  });

  it('tags by paragraph id and prints the annotation as JSON', async () => {
    const io = new FakeIo(root);
    const code = await tagCommand.run([INSPECTION, '--paragraph', 'what-needs-to-improve.2', '--criterion', 'lead.supervision', '--author', 'A. Officer', '--json'], io);
    assert.equal(code, 0, io.stderr);
    const json = JSON.parse(io.stdout);
    assert.deepEqual(Object.keys(json.annotation), ['id', 'file', 'criteria', 'assessment', 'status', 'note', 'author', 'created', 'modified', 'orphaned', 'anchor']);
    assert.equal(json.annotation.file, INSPECTION);
    assert.equal(json.annotation.assessment, null);
    assert.equal(json.annotation.status, 'open');
    assert.equal(json.annotation.orphaned, false);
    assert.deepEqual(json.annotation.anchor, {
      paragraph: 'what-needs-to-improve.2',
      number: null,
      range: { start: { line: 39, character: 2 }, end: { line: 39, character: 61 } },
      quote: 'Management oversight and supervision of frontline practice.',
    });
  });

  it('stores the tag in the nearest folder above holding .ilacs/, or --workspace', async () => {
    const io = new FakeIo(path.join(root, 'letters'));
    assert.equal(await tagCommand.run([path.basename(OTHER_AUTHORITY), '--paragraph', 'main-findings.1', '--criterion', 'cl.personal-advisers', '--author', 'X'], io), 0, io.stderr);
    assert.equal((await storeOf(root).list(OTHER_AUTHORITY)).length, 1);

    const io2 = new FakeIo(root);
    assert.equal(await tagCommand.run([OTHER_AUTHORITY, '--paragraph', 'main-findings.1', '--criterion', 'cl.personal-advisers', '--author', 'X', '--workspace', 'letters'], io2), 0, io2.stderr);
    assert.equal((await storeOf(path.join(root, 'letters')).list(path.basename(OTHER_AUTHORITY))).length, 1);

    const io3 = new FakeIo(root);
    assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '1', '--criterion', 'hp.front-door', '--author', 'X', '--workspace', 'letters'], io3), 1);
    assert.match(io3.stderr, /is not inside the workspace folder letters/);
  });

  it("uses the file's own folder when no folder above holds .ilacs/", async () => {
    await fs.rm(path.join(root, '.ilacs'), { recursive: true });
    const io = new FakeIo(root);
    assert.equal(await tagCommand.run([OTHER_AUTHORITY, '--paragraph', 'main-findings.1', '--criterion', 'cl.personal-advisers', '--author', 'X'], io), 0, io.stderr);
    assert.ok(await exists(path.join(root, 'letters', '.ilacs', 'annotations', 'brindlesham__02-may-2023.txt.json')));
  });

  it('takes the author from git config when none is given', async () => {
    const gitconfig = path.join(root, 'gitconfig');
    await fs.writeFile(gitconfig, '[user]\n\tname = Git Configured Officer\n');
    const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
    process.env.GIT_CONFIG_GLOBAL = gitconfig;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      const io = new FakeIo(root);
      assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '1', '--criterion', 'hp.front-door'], io), 0, io.stderr);
    } finally {
      for (const [k, v] of [['GIT_CONFIG_GLOBAL', saved.global], ['GIT_CONFIG_NOSYSTEM', saved.nosystem]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const [a] = await storeOf(root).list(INSPECTION);
    assert.equal(a.author, 'Git Configured Officer');
  });

  it('checks criteria against the workspace codebook', async () => {
    await fs.writeFile(path.join(root, '.ilacs', 'codebook.json'), '{"criteria": [{"id": "hp.court", "label": "Court work", "area": "help-and-protection"}]}');
    const io = new FakeIo(root);
    assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '3', '--criterion', 'hp.court', '--author', 'X'], io), 0, io.stderr);
    await fs.writeFile(path.join(root, '.ilacs', 'codebook.json'), '{"criteria": [}');
    const bad = new FakeIo(root);
    assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '3', '--criterion', 'hp.court', '--author', 'X'], bad), 1);
    assert.match(bad.stderr, /^\.ilacs\/codebook\.json:1:\d+: invalid JSON/);
    assert.equal((await storeOf(root).list(INSPECTION)).length, 1);
  });

  it('while the workspace codebook has errors, refuses a criterion only it defines, naming it, and saves nothing; built-in criteria are saved with exit status 1', async () => {
    await fs.writeFile(path.join(root, '.ilacs', 'codebook.json'), '{"criteria": [{"id": "hp.court", "label": "Court work", "area": "help-and-protection"},]}');
    const io = new FakeIo(root);
    assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '3', '--criterion', 'hp.court', '--author', 'X'], io), 1);
    assert.match(io.stderr, /^\.ilacs\/codebook\.json:\d+:\d+: /);
    assert.match(io.stderr, /ilacs tag: the workspace codebook has errors; using the last valid codebook \(the built-in one\) until they are fixed\n/);
    assert.match(io.stderr, /ilacs tag: unknown criterion "hp\.court" in the codebook \(builtin\)/);
    assert.match(io.stderr, /ilacs tag: \.ilacs\/codebook\.json has errors, so the criteria it adds are unknown until it is fixed \("ilacs codebook" shows them\)\n/);
    assert.match(io.stderr, /ilacs tag: nothing was saved\n$/);
    assert.equal(io.stdout, '');
    assert.ok(!(await exists(path.join(root, '.ilacs', 'annotations'))), 'no store file written');

    const builtin = new FakeIo(root);
    assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '3', '--criterion', 'hp.assessments', '--author', 'X'], builtin), 1);
    assert.match(builtin.stdout, /^[0-9a-f-]{36}\n$/);
    assert.deepEqual((await storeOf(root).list(INSPECTION)).map((a) => a.criteria), [['hp.assessments']]);
  });

  describe('refuses bad input and saves nothing', () => {
    async function refused(args: string[], expectedCode: number, message: RegExp): Promise<void> {
      const io = new FakeIo(root);
      const code = await main(['tag', ...args], io);
      assert.equal(code, expectedCode, io.stderr);
      assert.match(io.stderr, message);
      assert.equal(io.stdout, '');
      assert.ok(!(await exists(path.join(root, '.ilacs', 'annotations'))), 'no store file written');
    }

    it('an unknown criterion, with near matches', () =>
      refused([INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--criterion', 'hp.asessments', '--author', 'X'], 1, /unknown criterion "hp\.asessments" in the codebook \(builtin\); did you mean "hp\.assessments"\?\n.*nothing was saved/));

    it('an unknown paragraph number, naming the numbers there are', () =>
      refused([INSPECTION, '--paragraph', '40', '--criterion', 'hp.assessments', '--author', 'X'], 1, /ashcombe__14-march-2024\.txt has no paragraph numbered 40; its numbered paragraphs are 1 to 8/));

    it('a number in a report without numbered paragraphs', () =>
      refused([OTHER_AUTHORITY, '--paragraph', '1', '--criterion', 'cl.personal-advisers', '--author', 'X'], 1, /has no numbered paragraphs, so there is no paragraph 1; name a paragraph by its id instead \(for example /));

    it('an unknown paragraph id', () => refused([INSPECTION, '--paragraph', 'p80', '--criterion', 'hp.assessments', '--author', 'X'], 1, /has no paragraph with id "p80"/));

    it('both problems at once', () =>
      refused([INSPECTION, '--paragraph', '99', '--criterion', 'nope', '--author', 'X'], 1, /unknown criterion "nope".*\n.*no paragraph numbered 99/));

    it('a bad assessment or status', async () => {
      await refused([INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--assessment', 'weak'], 2, /--assessment "weak" is not one of strength, area-for-improvement, serious-weakness/);
      await refused([INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--status', 'done'], 2, /--status "done" is not one of open, in-progress, resolved/);
    });

    it('missing options and files', async () => {
      await refused([INSPECTION, '--criterion', 'hp.assessments'], 2, /give the paragraph to tag/);
      await refused([INSPECTION, '--paragraph', '2'], 2, /give at least one --criterion ID/);
      await refused(['missing.txt', '--paragraph', '2', '--criterion', 'hp.assessments', '--author', 'X'], 1, /missing\.txt: the report file is missing/);
    });

    it('an empty report file', async () => {
      await fs.writeFile(path.join(root, 'empty.txt'), '  \n');
      await refused(['empty.txt', '--paragraph', '1', '--criterion', 'hp.assessments', '--author', 'X'], 1, /empty\.txt: the file is empty/);
    });
  });

  it('leaves a corrupt store file untouched and says where it is broken', async () => {
    const store = path.join(root, ...storeFileFor(INSPECTION).split('/'));
    await fs.mkdir(path.dirname(store), { recursive: true });
    await fs.writeFile(store, '{\n  "schemaVersion": 1,\n  "report": \n}\n');
    const io = new FakeIo(root);
    assert.equal(await tagCommand.run([INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--author', 'X'], io), 1);
    assert.match(io.stderr, /^\.ilacs\/annotations\/ashcombe__14-march-2024\.txt\.json is not a valid annotation store file/);
    assert.match(io.stderr, /\.ilacs\/annotations\/ashcombe__14-march-2024\.txt\.json:4:1: /);
    assert.equal(await fs.readFile(store, 'utf8'), '{\n  "schemaVersion": 1,\n  "report": \n}\n');
  });
});
