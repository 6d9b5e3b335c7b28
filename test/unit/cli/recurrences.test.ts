import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { recurrencesCommand } from '../../../src/cli/commands/recurrences';
import type { Report } from '../../../src/core/model';
import { parseReport } from '../../../src/core/parser';
import { DEFAULT_THRESHOLD } from '../../../src/core/recurrence';
import { commandWorkspace, FOCUSED_VISIT, INSPECTION, OTHER_AUTHORITY, readText, writeText } from '../workspace/helpers';

interface Json {
  paragraphs: { file: string; paragraph: string; number: number | null; matches: { file: string; paragraph: string; number: number | null; score: number }[] }[];
}

describe('ilacs recurrences', () => {
  const ws = commandWorkspace('recurrences');
  const run = ws.run;

  it('prints, as JSON, each paragraph with matches in other reports, best first, with ids the parser gives', async () => {
    const { code, io } = await run('.', '--json');
    assert.equal(code, 0, io.stderr);
    const json = JSON.parse(io.stdout) as Json;
    assert.ok(json.paragraphs.length > 0);
    for (const p of json.paragraphs) {
      assert.ok(p.matches.length > 0, 'paragraphs without matches are left out');
      for (const m of p.matches) assert.notEqual(m.file, p.file);
      for (let i = 1; i < p.matches.length; i++) assert.ok(p.matches[i - 1].score >= p.matches[i].score);
      assert.deepEqual(Object.keys(p), ['file', 'paragraph', 'number', 'matches']);
      assert.deepEqual(Object.keys(p.matches[0]), ['file', 'paragraph', 'number', 'score', 'sentence']);
    }
    // The focused visit's first improvement item (supervision and oversight of plans) recurs in the 2024 inspection.
    const item = json.paragraphs.find((p) => p.file === FOCUSED_VISIT && p.paragraph === 'what-needs-to-improve-in-this-area-of-social-work-practice.1');
    assert.ok(item, io.stdout);
    assert.equal(item.matches[0].file, INSPECTION);
  });

  it('quotes, for each match, the sentence of the matching paragraph that carries the shared finding', async () => {
    const json = JSON.parse((await run('.', '--json')).io.stdout) as { paragraphs: { file: string; paragraph: string; matches: { file: string; paragraph: string; sentence: string }[] }[] };
    const reports = new Map<string, Report>();
    for (const file of new Set(json.paragraphs.map((p) => p.file))) reports.set(file, parseReport(file, readFileSync(path.join(ws.root, file))));
    for (const p of json.paragraphs) {
      for (const m of p.matches) {
        const text = (reports.get(m.file)?.paragraphs.find((x) => x.id === m.paragraph)?.text ?? '').replace(/\s+/g, ' ');
        assert.ok(m.sentence.length > 0 && text.includes(m.sentence), `${m.file}#${m.paragraph}: "${m.sentence}" is not a sentence of it`);
      }
    }
    // The focused visit's item on supervision and oversight of plans is quoted by the inspection's sentence about supervision.
    const item = json.paragraphs.find((p) => p.file === FOCUSED_VISIT && p.paragraph === 'what-needs-to-improve-in-this-area-of-social-work-practice.1');
    assert.match(item?.matches[0].sentence ?? '', /supervis|oversight/i);
  });

  it('narrows to one report and one paragraph, by number or id, with --top and --same-authority', async () => {
    const one = JSON.parse((await run('.', '--json', '--file', INSPECTION)).io.stdout) as Json;
    assert.ok(one.paragraphs.length > 0 && one.paragraphs.every((p) => p.file === INSPECTION));
    const byId = JSON.parse((await run('.', '--json', '--file', INSPECTION, '--paragraph', 'what-needs-to-improve.3')).io.stdout) as Json;
    assert.equal(byId.paragraphs.length, 1);
    assert.ok(byId.paragraphs[0].matches.some((m) => m.file === OTHER_AUTHORITY));
    const same = JSON.parse((await run('.', '--json', '--file', INSPECTION, '--paragraph', 'what-needs-to-improve.3', '--same-authority')).io.stdout) as Json;
    assert.ok(same.paragraphs[0].matches.every((m) => m.file !== OTHER_AUTHORITY));
    const top = JSON.parse((await run('.', '--json', '--file', INSPECTION, '--paragraph', 'what-needs-to-improve.3', '--top', '1')).io.stdout) as Json;
    assert.equal(top.paragraphs[0].matches.length, 1);
    const byNumber = JSON.parse((await run('.', '--json', '--file', INSPECTION, '--paragraph', '8')).io.stdout) as Json;
    assert.equal(byNumber.paragraphs[0].number, 8);
    // Narrowed, the matched reports are read again to quote them: the same sentences as listing all.
    const all = JSON.parse((await run('.', '--json')).io.stdout) as Json;
    assert.deepEqual(one.paragraphs, all.paragraphs.filter((p) => p.file === INSPECTION));
    assert.deepEqual(byId.paragraphs, all.paragraphs.filter((p) => p.file === INSPECTION && p.paragraph === 'what-needs-to-improve.3'));
    assert.ok(byId.paragraphs[0].matches.every((m) => (m as { sentence?: string }).sentence));
  });

  it('prints readable text, and says so when nothing recurs', async () => {
    const { code, io } = await run('.', '--file', FOCUSED_VISIT);
    assert.equal(code, 0, io.stderr);
    assert.match(io.stdout, new RegExp(`^${FOCUSED_VISIT.replace(/\./g, '\\.')} `, 'm'));
    assert.match(io.stdout, /^ {2}0\.\d\d {2}ashcombe__14-march-2024\.txt /m);
    const none = await run('.', '--threshold', '1');
    assert.equal(none.io.stdout, 'No recurring findings at a score of 1 or more.\n');
  });

  it('rejects bad options with a usage error and names an unknown file or paragraph', async () => {
    assert.equal((await run('.', '--paragraph', '3')).code, 2);
    assert.equal((await run('.', '--top', '0')).code, 2);
    assert.equal((await run('.', '--threshold', 'high')).code, 2);
    assert.equal((await run()).code, 2);
    const outside = await run('.', '--file', '../elsewhere.txt');
    assert.equal(outside.code, 2);
    assert.match(outside.io.stderr, /not inside/);
    const missing = await run('.', '--file', 'nothing.txt');
    assert.equal(missing.code, 1);
    assert.match(missing.io.stderr, /nothing\.txt: not a report/);
    const para = await run('.', '--file', INSPECTION, '--paragraph', '99');
    assert.equal(para.code, 1);
    assert.match(para.io.stderr, /no paragraph 99/);
  });

  it('still compares the readable reports when one cannot be read, and exits 1', async () => {
    await writeText(ws.root, 'broken.txt', '\u0000\u0001\u0002binary');
    const { code, io } = await run('.', '--json');
    assert.equal(code, 1);
    assert.match(io.stderr, /broken\.txt/);
    assert.ok((JSON.parse(io.stdout) as Json).paragraphs.length > 0);
  });

  it('prints no paragraphs for a folder without reports, and for a report without paragraphs', async () => {
    await writeText(ws.root, 'empty/notes/.keep', '');
    const empty = await run('empty', '--json');
    assert.equal(empty.code, 0, empty.io.stderr);
    assert.deepEqual(JSON.parse(empty.io.stdout), { paragraphs: [] });
    assert.equal((await run('empty')).io.stdout, `No recurring findings at a score of ${DEFAULT_THRESHOLD} or more.\n`);
    await writeText(ws.root, 'ashcombe__01-may-2025.txt', 'Ashcombe focused visit\n');
    const bare = await run('.', '--json', '--file', 'ashcombe__01-may-2025.txt');
    assert.equal(bare.code, 0, bare.io.stderr);
    assert.deepEqual(JSON.parse(bare.io.stdout), { paragraphs: [] });
  });

  it('finds a Windows-1252 copy with CRLF line ends making the same findings, paragraph for paragraph', async () => {
    const text = (await readText(ws.root, INSPECTION)).replace(/\u25fc/g, '\u2022');
    // Windows-1252: the curly apostrophe and the bullet are single bytes; everything else here is ASCII.
    const bytes = Buffer.from(text.replace(/\n/g, '\r\n').replace(/\u2019/g, '\x92').replace(/\u2022/g, '\x95'), 'latin1');
    await fs.mkdir(path.join(ws.root, 'copy'));
    await fs.writeFile(path.join(ws.root, 'copy', 'ashcombe-windows.txt'), bytes);
    const { code, io } = await run('.', '--json', '--file', 'copy/ashcombe-windows.txt', '--threshold', '0.99');
    assert.equal(code, 0, io.stderr);
    const json = JSON.parse(io.stdout) as Json;
    const numbered = json.paragraphs.filter((p) => p.number !== null);
    assert.ok(numbered.length >= 5, io.stdout);
    for (const p of json.paragraphs) assert.ok(p.matches.some((m) => m.file === INSPECTION && m.paragraph === p.paragraph), JSON.stringify(p));
  });

  it('has usage text', () => {
    assert.match(recurrencesCommand.usage, /--paragraph N/);
  });
});
