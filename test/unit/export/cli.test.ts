import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { commands } from '../../../src/cli/commands';
import { exportCommand } from '../../../src/cli/commands/export';
import { importCommand } from '../../../src/cli/commands/import';
import { main } from '../../../src/cli/main';
import { storeFileFor } from '../../../src/core/annotations';
import { CSV_BOM, parseExport, validateExport, type ExportDocument } from '../../../src/core/export';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, storeAt, tagParagraph, writeText } from './helpers';

describe('ilacs export and ilacs import', () => {
  let root: string;
  let other: string;
  beforeEach(async () => {
    root = await makeWorkspace();
    other = await makeWorkspace();
    const store = storeAt(root);
    await tagParagraph(root, store, INSPECTION, 'p2', { criteria: ['hp.assessments'], assessment: 'area-for-improvement', status: 'in-progress' });
    await tagParagraph(root, store, INSPECTION, 'p4', { criteria: ['cic.entry-to-care'], assessment: 'strength', status: 'resolved' });
    await tagParagraph(root, store, OTHER_AUTHORITY, 'what-needs-to-improve-in-this-area-of-social-work-practice.1', { criteria: ['lead.supervision'] });
  });
  afterEach(async () => {
    await removeWorkspace(root);
    await removeWorkspace(other);
  });

  async function run(cmd: typeof exportCommand, args: string[], cwd = root): Promise<{ code: number; io: FakeIo }> {
    const io = new FakeIo(cwd);
    const code = await main([cmd.name, ...args], io);
    return { code, io };
  }

  it('are registered', () => {
    assert.ok(commands.includes(exportCommand));
    assert.ok(commands.includes(importCommand));
  });

  it('prints a valid JSON export on stdout when -o is absent', async () => {
    const { code, io } = await run(exportCommand, ['.']);
    assert.equal(code, 0, io.stderr);
    const parsed = parseExport(io.stdout);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
    assert.deepEqual(validateExport(JSON.parse(io.stdout), { closed: true }), []);
    assert.equal(parsed.doc.counts.findings, 3);
    assert.equal(parsed.doc.workspace, path.basename(root));
    assert.equal(io.stderr, '');
  });

  it('exports with the built-in codebook while the workspace codebook has errors, naming them, with exit status 1', async () => {
    await writeText(root, '.ilacs/codebook.json', '{"criteria": 3}');
    const { code, io } = await run(exportCommand, ['.']);
    assert.equal(code, 1);
    assert.match(io.stderr, /^\.ilacs\/codebook\.json:1:\d+: criteria: must be an array/);
    assert.match(io.stderr, /ilacs export: the workspace codebook has errors; using the last valid codebook \(the built-in one\) until they are fixed\n/);
    const parsed = parseExport(io.stdout);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
    assert.equal(parsed.doc.counts.findings, 3);
    // A criterion the broken codebook would add is unknown, and the message says why.
    const refused = await run(exportCommand, ['.', '--criterion', 'hp.court']);
    assert.equal(refused.code, 2);
    assert.match(refused.io.stderr, /--criterion hp\.court: unknown criterion "hp\.court" in the codebook \(builtin\).*; \.ilacs\/codebook\.json has errors, so the criteria it adds are unknown until it is fixed/);
  });

  it('lists as recurrences the other exported findings on paragraphs that make the same finding', async () => {
    // The 2022 focused visit's first improvement item recurs as the 2024 inspection's second.
    const store = storeAt(root);
    await tagParagraph(root, store, FOCUSED_VISIT, 'what-needs-to-improve-in-this-area-of-social-work-practice.1', { criteria: ['lead.supervision'] });
    await tagParagraph(root, store, INSPECTION, 'what-needs-to-improve.2', { criteria: ['lead.supervision'] });
    const { code, io } = await run(exportCommand, ['.', '--printed']);
    assert.equal(code, 0, io.stderr);
    const doc = JSON.parse(io.stdout) as ExportDocument;
    const tagged = (file: string, paragraph: string) => doc.findings.find((f) => f.type === 'tagged' && f.report.file === file && f.paragraph === paragraph);
    const visit = tagged(FOCUSED_VISIT, 'what-needs-to-improve-in-this-area-of-social-work-practice.1');
    const inspection = tagged(INSPECTION, 'what-needs-to-improve.2');
    assert.ok(visit && inspection);
    assert.ok(visit.recurrences.includes(inspection.id), JSON.stringify(visit.recurrences));
    assert.ok(inspection.recurrences.includes(visit.id));
    // Never a finding of its own paragraph, and every id is a finding of the export.
    const ids = new Set(doc.findings.map((f) => f.id));
    for (const f of doc.findings) for (const r of f.recurrences) assert.ok(ids.has(r) && r !== f.id);
  });

  it('prints CSV on stdout, and filters by status and report', async () => {
    const csv = await run(exportCommand, ['.', '--format', 'csv', '--status', 'open']);
    assert.equal(csv.code, 0, csv.io.stderr);
    assert.ok(csv.io.stdout.startsWith(CSV_BOM));
    assert.equal(csv.io.stdout.trim().split('\r\n').length, 1 + 2, csv.io.stdout);

    const one = await run(exportCommand, [root, '--report', path.join(root, OTHER_AUTHORITY)], path.dirname(root));
    assert.equal(one.code, 0, one.io.stderr);
    const doc = JSON.parse(one.io.stdout) as ExportDocument;
    assert.deepEqual(doc.findings.map((f) => f.report.file), [OTHER_AUTHORITY]);
    // A path relative to the workspace folder works from anywhere too.
    const relative = await run(exportCommand, [root, '--report', OTHER_AUTHORITY], path.dirname(root));
    assert.equal((JSON.parse(relative.io.stdout) as ExportDocument).findings.length, 1);
  });

  it('writes each format to -o, taking the format from the extension, and a REFI-QDA zip only to a file', async () => {
    for (const [name, check] of [
      ['out.json', (b: Buffer) => assert.ok(parseExport(b.toString('utf8')).ok)],
      ['out.csv', (b: Buffer) => assert.deepEqual([...b.subarray(0, 3)], [0xef, 0xbb, 0xbf])],
      ['out.qdpx', (b: Buffer) => assert.match(strFromU8(unzipSync(new Uint8Array(b))['project.qde']), /<Project xmlns="urn:QDA-XML:project:1\.0"/)],
    ] as const) {
      const { code, io } = await run(exportCommand, ['.', '-o', name, '--printed']);
      assert.equal(code, 0, io.stderr);
      assert.equal(io.stdout, '');
      assert.match(io.stderr, new RegExp(`Exported \\d+ finding\\(s\\) from 3 report\\(s\\) to ${name.replace('.', '\\.')}`));
      check(await fs.readFile(path.join(root, name)));
    }
    const refused = await run(exportCommand, ['.', '--format', 'qdpx']);
    assert.equal(refused.code, 2);
    assert.match(refused.io.stderr, /give the file to write with -o FILE\.qdpx/);
  });

  it('names the output and says in words why it cannot be written, leaving no temporary file', async () => {
    await writeText(root, 'notes.txt', 'my notes\n');
    const intoFile = await run(exportCommand, ['.', '-o', 'notes.txt/out.json']);
    assert.equal(intoFile.code, 1);
    assert.equal(intoFile.io.stderr, 'ilacs export: cannot write notes.txt/out.json: a part of its path is a file, not a folder\n');
    const onFolder = await run(exportCommand, ['.', '-o', 'letters']);
    assert.equal(onFolder.code, 1);
    assert.equal(onFolder.io.stderr, 'ilacs export: cannot write letters: it is a folder\n');
    const overReport = await run(exportCommand, ['.', '-o', INSPECTION]);
    assert.equal(overReport.code, 1);
    assert.equal(overReport.io.stderr, `ilacs export: ${INSPECTION} exists and is not a .json, .csv or .qdpx file, so it was not replaced; name a new file or one of those\n`);
    const overNotes = await run(exportCommand, ['.', '-o', 'notes.txt', '--format', 'csv']);
    assert.equal(overNotes.code, 1);
    assert.equal(await readText(root, 'notes.txt'), 'my notes\n');
    // A new file of any name is written.
    assert.equal((await run(exportCommand, ['.', '-o', 'findings.txt'])).code, 0);
    assert.ok(parseExport(await readText(root, 'findings.txt')).ok);
    assert.deepEqual((await fs.readdir(root)).filter((f) => f.endsWith('.tmp')), []);
  });

  it('refuses unknown options, formats, statuses and reports with its usage', async () => {
    for (const args of [['.', '--format', 'xml'], ['.', '--status', 'closed'], ['.', '--report', 'nothing.txt'], ['.', '--criterion', 'no.such'], []]) {
      const { code, io } = await run(exportCommand, args);
      assert.equal(code, 2, `${args.join(' ')}: ${io.stderr}`);
      assert.match(io.stderr, /Usage: ilacs export/);
    }
  });

  it('exports what it can and exits 1 when a store file is broken', async () => {
    await writeText(root, storeFileFor(OTHER_AUTHORITY), '{"schemaVersion": 1');
    const { code, io } = await run(exportCommand, ['.']);
    assert.equal(code, 1);
    assert.match(io.stderr, /brindlesham__02-may-2023\.txt\.json:1:\d+: not valid JSON/);
    assert.match(io.stderr, /the tags of letters\/brindlesham__02-may-2023\.txt are not exported until this file is fixed/);
    assert.equal((JSON.parse(io.stdout) as ExportDocument).findings.length, 2);
  });

  it('import merges an export into another workspace, and a second import changes nothing', async () => {
    const exported = await run(exportCommand, ['.', '-o', path.join(other, 'from-root.json')]);
    assert.equal(exported.code, 0, exported.io.stderr);
    const first = await run(importCommand, ['from-root.json'], other);
    assert.equal(first.code, 0, first.io.stderr);
    assert.match(first.io.stdout, /Imported 3 tag\(s\) and 0 improvement-area status\(es\); 0 already here and unchanged; 0 conflict\(s\)\./);
    assert.equal(await readText(other, storeFileFor(INSPECTION)), await readText(root, storeFileFor(INSPECTION)));
    const second = await run(importCommand, [path.join(other, 'from-root.json'), '--workspace', other], root);
    assert.equal(second.code, 0, second.io.stderr);
    assert.match(second.io.stdout, /Imported 0 tag\(s\) .* 3 already here and unchanged; 0 conflict/);
  });

  it('import lists conflicts, keeps the local version and exits 1', async () => {
    await run(exportCommand, ['.', '-o', path.join(other, 'from-root.json')]);
    await run(importCommand, ['from-root.json'], other);
    const store = JSON.parse(await readText(other, storeFileFor(INSPECTION))) as { annotations: { note: string }[] };
    store.annotations[0].note = 'Changed here';
    const edited = JSON.stringify(store, null, 2) + '\n';
    await writeText(other, storeFileFor(INSPECTION), edited);
    const { code, io } = await run(importCommand, ['from-root.json'], other);
    assert.equal(code, 1);
    assert.match(io.stdout, /1 conflict\(s\)/);
    assert.match(io.stdout, new RegExp(`${INSPECTION.replace(/\./g, '\\.')}: tag \\S+ differs in note`));
    assert.equal(await readText(other, storeFileFor(INSPECTION)), edited);
  });

  it('import refuses a file that is not a valid export, naming it and the problem, and changes nothing', async () => {
    await writeText(other, 'bad.json', JSON.stringify({ $schema: 'https://ilacs-annotator.invalid/schemas/export-v1.schema.json', schemaVersion: 1, findings: [] }));
    const { code, io } = await run(importCommand, ['bad.json'], other);
    assert.equal(code, 2);
    assert.match(io.stderr, /bad\.json is not a valid ILACS Annotator export, so nothing was imported:\n {2}\(top level\): missing property "exported"/);
    // The other forms of an export, and bytes that are not text.
    assert.equal((await run(exportCommand, ['.', '-o', path.join(other, 'findings.csv')])).code, 0);
    assert.equal((await run(exportCommand, ['.', '-o', path.join(other, 'findings.qdpx')])).code, 0);
    await fs.writeFile(path.join(other, 'latin1.json'), Buffer.from('{"note": "caf\xe9"}', 'latin1'));
    for (const [name, problem] of [
      ['findings.csv', 'the CSV form of an export: only the JSON form can be imported'],
      ['findings.qdpx', 'a zip file (the REFI-QDA form of an export?): only the JSON form can be imported'],
      ['latin1.json', 'not UTF-8 text, so not an export'],
    ]) {
      const refused = await run(importCommand, [name], other);
      assert.equal(refused.code, 2, name);
      assert.equal(refused.io.stderr, `ilacs import: ${name} is not a valid ILACS Annotator export, so nothing was imported:\n  ${problem}\n`);
    }
    const missing = await run(importCommand, ['none.json'], other);
    assert.equal(missing.code, 2);
    assert.match(missing.io.stderr, /none\.json: no such file/);
    await assert.rejects(fs.stat(path.join(other, '.ilacs', 'annotations')));
  });
});
