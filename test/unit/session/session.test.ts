/**
 * The workspace session on the in-memory host: what it reads, what it keeps, and what each kind of
 * change (a report edited, tags written by the session or by another program, corrections, the
 * codebook, folders coming and going) makes it read again. No editor and no disk.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { storeFileFor } from '../../../src/core/annotations';
import { CancelledError, MemoryHost, WorkspaceSession, type SessionChange } from '../../../src/core/session';
import { paragraphSelectors } from '../../../src/core/workspace';

const FIXTURES = path.resolve(__dirname, '../../fixtures/workspace');
const INSPECTION = 'ashcombe__14-march-2024.txt';
const VISIT = 'ashcombe__09-november-2022.txt';
const LETTER = 'letters/brindlesham__02-may-2023.txt';
const fixture = (file: string): string => readFileSync(path.join(FIXTURES, file), 'utf8');

async function workspace(): Promise<{ host: MemoryHost; session: WorkspaceSession; changes: SessionChange[] }> {
  const host = new MemoryHost();
  for (const f of [INSPECTION, VISIT, LETTER]) host.files.write(f, fixture(f));
  host.files.write('notes/README.md', '# Notes\n\nNot a report.\n');
  const session = new WorkspaceSession(host, { store: { now: () => new Date(host.time), newId: counter() } });
  const changes: SessionChange[] = [];
  session.onDidChange((c) => changes.push(c));
  // The host reports the files written above, as a watcher reports a folder being filled.
  await host.files.settled();
  return { host, session, changes };
}

function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

async function tagFirstParagraph(session: WorkspaceSession, file: string, criteria = ['hp.assessment']): Promise<void> {
  const loaded = await session.report(file);
  assert.ok(loaded.report && loaded.text !== null);
  const paragraph = loaded.report.paragraphs.find((p) => p.number === 1) ?? loaded.report.paragraphs[3];
  await session.store.add(file, { paragraph: paragraph.id, selectors: paragraphSelectors(loaded.text, paragraph), criteria, author: 'Tester' });
}

describe('workspace session', () => {
  it('reads every report once and keeps them until they change', async () => {
    const { host, session } = await workspace();
    await host.files.settled();
    const first = await session.reports();
    assert.deepEqual(
      first.map((r) => r.file),
      [INSPECTION, VISIT, LETTER].sort(),
    );
    assert.ok(first.every((r) => r.report !== null && r.problem === null));
    const again = await session.reports();
    assert.equal(host.files.reads.get(INSPECTION), 1);
    assert.ok(again.every((r, i) => r === first[i]), 'the same objects come back while nothing changed');
  });

  it('reads again only the report that another program changed, and says which', async () => {
    const { host, session, changes } = await workspace();
    await host.files.settled();
    const before = await session.reports();
    host.files.write(VISIT, fixture(VISIT).replace('Ashcombe', 'Ashcombe Borough'));
    await host.files.settled();
    assert.deepEqual(changes.at(-1), { reports: [VISIT], codebook: false });
    const after = await session.reports();
    assert.equal(host.files.reads.get(VISIT), 2);
    assert.equal(host.files.reads.get(INSPECTION), 1);
    assert.equal(after.find((r) => r.file === INSPECTION), before.find((r) => r.file === INSPECTION));
    assert.notEqual(after.find((r) => r.file === VISIT), before.find((r) => r.file === VISIT));
  });

  it("takes in its own tag writes at once, without waiting for the host's watcher", async () => {
    const { host, session, changes } = await workspace();
    await host.files.settled();
    await session.reports();
    const reads = host.files.reads.get(INSPECTION);
    await tagFirstParagraph(session, INSPECTION);
    // Before any watcher event: the write itself told the session.
    assert.ok(changes.some((c) => c.reports?.includes(INSPECTION)));
    const loaded = await session.report(INSPECTION);
    assert.equal(loaded.annotations.length, 1);
    assert.equal(loaded.annotations[0].orphaned, false);
    assert.equal(host.files.reads.get(INSPECTION), reads, 'the report is not parsed again for a change of its tags');
  });

  it('sees tags written by another program (a git checkout, the CLI) once the watcher reports them', async () => {
    const { host, session } = await workspace();
    const other = new WorkspaceSession(host);
    await tagFirstParagraph(other, VISIT);
    await host.files.settled();
    assert.equal((await session.report(VISIT)).annotations.length, 1);
    // Broken by hand: named, and the report still reads.
    host.files.write(storeFileFor(VISIT), '{ not json');
    await host.files.settled();
    const broken = await session.report(VISIT);
    assert.equal(broken.store.ok, false);
    assert.ok(broken.report);
    other.dispose();
  });

  it('applies corrections to every report without parsing them again', async () => {
    const { host, session, changes } = await workspace();
    await session.reports();
    await session.correctionStore.change(VISIT, { set: { date: '2022-11-10' }, author: 'Tester' });
    assert.deepEqual(changes.at(-1), { reports: undefined, codebook: false });
    const visit = await session.report(VISIT);
    assert.equal(visit.report?.date?.value, '2022-11-10');
    assert.equal(visit.report?.date?.source, 'user');
    assert.equal(host.files.reads.get(VISIT), 1);
  });

  it('keeps the last valid codebook while the file has errors, and says so in the criteria check', async () => {
    const { host, session, changes } = await workspace();
    assert.deepEqual((await session.codebook()).errors, []);
    host.files.write('.ilacs/codebook.json', '{"criteria": [{"id": "hp.court", "label": "Court work", "area": "help-and-protection", "keywords": ["court"]}]}');
    await host.files.settled();
    assert.equal(changes.at(-1)?.codebook, true);
    const valid = await session.codebook();
    assert.ok(valid.codebook.criteria.some((c) => c.id === 'hp.court'));
    assert.ok((await session.findCriteria(['hp.court'])).ok);

    host.files.write('.ilacs/codebook.json', '{"criteria": [{"id": "hp.x", "label": "X", "area": "nowhere"}]}');
    await host.files.settled();
    const broken = await session.codebook();
    assert.equal(broken.errors.length, 1);
    assert.match(broken.errors[0].message, /unknown area "nowhere"/);
    assert.equal(broken.codebook, valid.codebook, 'the last valid codebook stays in force');
    const check = await session.findCriteria(['hp.x']);
    assert.equal(check.ok, false);
    assert.match(check.ok ? '' : check.messages.join('\n'), /\.ilacs\/codebook\.json has errors, so the criteria it adds are unknown until it is fixed/);

    host.files.remove('.ilacs/codebook.json');
    await host.files.settled();
    assert.ok(!(await session.codebook()).codebook.criteria.some((c) => c.id === 'hp.court'));
  });

  it('an invalid codebook in a new session falls back to the built-in one', async () => {
    const host = new MemoryHost();
    host.files.write('.ilacs/codebook.json', '{"mode": "both"}');
    const session = new WorkspaceSession(host);
    const state = await session.codebook();
    assert.equal(state.errors.length, 1);
    assert.equal(state.codebook.source, 'builtin');
  });

  it('finds new reports, and forgets a deleted folder with its reports', async () => {
    const { host, session, changes } = await workspace();
    await session.reports();
    host.files.write('more/ashcombe__01-june-2025.txt', fixture(VISIT));
    host.files.write('more/scan.pdf', 'not a report');
    await host.files.settled();
    assert.deepEqual(changes.at(-1)?.reports, ['more/ashcombe__01-june-2025.txt'], 'a new file that is not a report changes nothing');
    assert.ok((await session.reportFiles()).includes('more/ashcombe__01-june-2025.txt'));
    host.files.remove('letters');
    await host.files.settled();
    assert.deepEqual(changes.at(-1)?.reports, [LETTER]);
    assert.ok(!(await session.reportFiles()).includes(LETTER));
  });

  it('keeps tags of a deleted report as orphans, and names an unreadable report', async () => {
    const { host, session } = await workspace();
    await tagFirstParagraph(session, VISIT);
    host.files.remove(VISIT);
    host.files.unreadable.set(LETTER, 'permission denied');
    host.files.write(LETTER, fixture(LETTER));
    await host.files.settled();
    const reports = await session.reports();
    const visit = reports.find((r) => r.file === VISIT);
    assert.equal(visit?.missing, true);
    assert.equal(visit?.annotations[0].orphaned, true);
    assert.equal(reports.find((r) => r.file === LETTER)?.problem, 'permission denied');
  });

  it('follows improvement statuses into the items, and keeps the merge while nothing changes', async () => {
    const { session } = await workspace();
    const items = await session.improvementItems();
    assert.equal(await session.improvementItems(), items);
    const printed = items.find((i) => i.report === INSPECTION && i.source === 'printed');
    assert.ok(printed?.improvement);
    await session.store.setImprovementStatus(INSPECTION, { improvement: printed.improvement.id, quote: printed.improvement.quote, status: 'resolved', author: 'Tester' });
    const after = await session.improvementItems();
    assert.notEqual(after, items);
    assert.equal(after.find((i) => i.key === printed.key)?.status, 'resolved');
  });

  it('re-indexes for recurring findings only the reports that changed', async () => {
    const { host, session } = await workspace();
    const index = await session.recurrenceIndex();
    assert.deepEqual(index.files(), [INSPECTION, VISIT, LETTER].sort());
    const inspection = index.report(INSPECTION);
    const visit = index.report(VISIT);
    host.files.write(VISIT, fixture(VISIT).replace('Ashcombe', 'Ashcombe Borough'));
    await host.files.settled();
    await session.recurrenceIndex();
    assert.equal(index.report(INSPECTION), inspection, 'an unchanged report keeps its entry');
    assert.notEqual(index.report(VISIT), visit);
    // Tags change the criteria a paragraph is indexed with: the report is indexed again.
    await tagFirstParagraph(session, INSPECTION);
    await session.recurrenceIndex();
    assert.notEqual(index.report(INSPECTION), inspection);
    host.files.remove(LETTER);
    await host.files.settled();
    assert.ok(!(await session.recurrenceIndex()).files().includes(LETTER));
  });

  it('reads the recurrence model only when the recurrence index is first needed, and once', async () => {
    const { host, session } = await workspace();
    let reads = 0;
    const read = host.recurrenceModel.bind(host);
    host.recurrenceModel = () => {
      reads++;
      return read();
    };
    await session.reports();
    await session.improvementItems();
    assert.equal(reads, 0, 'read before the recurrence index was asked for');
    await session.recurrenceIndex();
    assert.equal(reads, 1);
    host.files.write(VISIT, fixture(VISIT).replace('Ashcombe', 'Ashcombe Borough'));
    await host.files.settled();
    await session.recurrenceIndex();
    assert.equal(reads, 1, 'read again when a report changed');
  });

  it('stops long work when cancelled, and the next call finishes it', async () => {
    const { session } = await workspace();
    await assert.rejects(session.reports({ isCancellationRequested: true }), CancelledError);
    await assert.rejects(session.improvementItems({ isCancellationRequested: true }), CancelledError);
    await assert.rejects(session.recurrenceIndex({ isCancellationRequested: true }), CancelledError);
    assert.equal((await session.reports()).length, 3);
    assert.equal((await session.recurrenceIndex()).files().length, 3);
  });

  it('reads an open document with its unsaved edits, once per version', async () => {
    const { host, session } = await workspace();
    const saved = await session.currentReport(VISIT);
    assert.equal(saved?.version, null);
    host.documents.set(VISIT, { text: fixture(VISIT).replace('Ashcombe', 'Westcombe'), version: 3 });
    const open = await session.currentReport(VISIT);
    assert.equal(open?.version, 3);
    assert.match(open?.text ?? '', /Westcombe/);
    assert.equal(await session.currentReport(VISIT), open);
  });

  it('words a paragraph that is not there the same way for every host', async () => {
    const { session } = await workspace();
    const found = await session.findParagraph(INSPECTION, '1');
    assert.ok(found.ok);
    const missing = await session.findParagraph(INSPECTION, '99');
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : missing.message, /^ashcombe__14-march-2024\.txt has no paragraph numbered 99; its numbered paragraphs are 1 to \d+/);
    const gone = await session.findParagraph('nowhere__01-january-2020.txt', '1');
    assert.equal(gone.ok ? '' : gone.message, 'nowhere__01-january-2020.txt: the report file is missing');
  });

  it('ignores writers’ lock and temporary files', async () => {
    const { host, session, changes } = await workspace();
    await session.reports();
    const before = changes.length;
    host.files.write('.ilacs/annotations/.x.json.0123456789ab.ilacs-tmp', '{}');
    await host.files.settled();
    assert.equal(changes.length, before);
  });

  it('two sessions over two workspaces keep apart', async () => {
    const a = await workspace();
    const b = new MemoryHost();
    b.files.write(LETTER, fixture(LETTER));
    const other = new WorkspaceSession(b);
    const [ia, ib] = [await a.session.recurrenceIndex(), await other.recurrenceIndex()];
    assert.equal(ia.files().length, 3);
    assert.deepEqual(ib.files(), [LETTER]);
  });
});

describe('workspace session: the tag filter and late watchers', () => {
  it('reads every report through the one tag filter, and shows all again when it is lifted', async () => {
    const host = new MemoryHost();
    host.files.write(INSPECTION, fixture(INSPECTION));
    const session = new WorkspaceSession(host);
    await host.files.settled();
    await tagFirstParagraph(session, INSPECTION);
    const loaded = await session.report(INSPECTION);
    const other = loaded.report!.paragraphs.find((p) => p.number === 2)!;
    await session.store.add(INSPECTION, { paragraph: other.id, selectors: paragraphSelectors(loaded.text!, other), criteria: ['hp.assessment'], author: 'Second officer' });
    const changes: SessionChange[] = [];
    session.onDidChange((c) => changes.push(c));
    session.setAnnotationFilter((_report, a) => a.author === 'Tester');
    assert.deepEqual(changes.at(-1), { reports: undefined, codebook: false });
    assert.deepEqual((await session.report(INSPECTION)).annotations.map((a) => a.annotation.author), ['Tester']);
    assert.equal((await session.improvementItems()).filter((i) => i.source === 'tagged').length, 0, 'tags without an improvement assessment are not items');
    const stored = await session.storeOf(INSPECTION);
    assert.equal(stored.ok ? stored.data.annotations.length : -1, 2, 'the store itself is not filtered');
    session.setAnnotationFilter(undefined);
    assert.equal((await session.report(INSPECTION)).annotations.length, 2);
  });

  it('finds a store change no watcher reported, at most once a second', async () => {
    const host = new MemoryHost();
    host.files.write(VISIT, fixture(VISIT));
    const session = new WorkspaceSession(host);
    await host.files.settled();
    assert.equal((await session.report(VISIT)).annotations.length, 0);
    // Another program writes the store while this session's watcher is blind.
    const unwatched = { files: host.files, clock: host.clock, log: host.log, author: async () => 'Tester', watch: () => ({ dispose() {} }) };
    const blind = new WorkspaceSession(unwatched);
    const deaf = new WorkspaceSession(unwatched);
    await deaf.report(VISIT);
    await tagFirstParagraph(blind, VISIT);
    await host.files.settled();
    assert.equal((await deaf.report(VISIT)).annotations.length, 0, 'without news of the change the kept copy stands');
    await deaf.checkStore(VISIT);
    assert.equal((await deaf.report(VISIT)).annotations.length, 1);
    await tagFirstParagraph(blind, VISIT, ['hp.timeliness']);
    await deaf.checkStore(VISIT);
    assert.equal((await deaf.report(VISIT)).annotations.length, 1, 'looked at again only after a second');
    host.time += 1001;
    await deaf.checkStore(VISIT);
    assert.equal((await deaf.report(VISIT)).annotations.length, 2);
  });
});

describe('workspace session: changes that come as one event for many files', () => {
  it('takes in a folder of reports moved in, even after a report in the same batch', async () => {
    const { host, session, changes } = await workspace();
    await session.reports();
    host.files.write('new-visit__01-march-2026.txt', fixture(VISIT));
    host.files.moveIn('archive 2019', { 'ashcombe__01-june-2019.txt': fixture(VISIT) });
    await host.files.settled();
    assert.deepEqual(changes.at(-1), { reports: undefined, codebook: false });
    assert.ok((await session.reportFiles()).includes('archive 2019/ashcombe__01-june-2019.txt'));
  });

  it("forgets the tags of a store folder deleted as a whole", async () => {
    const { host, session } = await workspace();
    await tagFirstParagraph(session, VISIT);
    assert.equal((await session.report(VISIT)).annotations.length, 1);
    host.files.remove('.ilacs/annotations');
    await host.files.settled();
    assert.equal((await session.report(VISIT)).annotations.length, 0);
  });

  it('pays no attention to folders the scan never searches', async () => {
    const { host, session, changes } = await workspace();
    await session.reports();
    const before = changes.length;
    host.files.write('node_modules/some-package/README.txt', 'not a report');
    host.files.write('.git/index', 'binary');
    host.files.write('.vscode/settings.json', '{}');
    await host.files.settled();
    assert.equal(changes.length, before);
  });

  it('reads a document closed unsaved and opened again afresh, though its version starts again', async () => {
    const { host, session } = await workspace();
    host.documents.set(VISIT, { text: fixture(VISIT).replace('Ashcombe', 'Westcombe'), version: 2 });
    assert.match((await session.currentReport(VISIT))?.text ?? '', /Westcombe/);
    host.documents.set(VISIT, { text: fixture(VISIT).replace('Ashcombe', 'Eastcombe'), version: 2 });
    assert.match((await session.currentReport(VISIT))?.text ?? '', /Eastcombe/);
    host.documents.delete(VISIT);
    assert.equal((await session.currentReport(VISIT))?.version, null);
  });

  it('does not hand one caller the cancellation of another', async () => {
    const { session } = await workspace();
    const cancelled = session.improvementItems({ isCancellationRequested: true });
    const plain = session.improvementItems();
    await assert.rejects(cancelled, CancelledError);
    assert.ok((await plain).length > 0);
  });
});

describe('workspace session: recurring criteria', () => {
  it('keeps each report’s findings by criterion, and takes in only what changed', async () => {
    const { session } = await workspace();
    const index = await session.criteriaIndex();
    const authorities = new Set([...index.reports.values()].map((r) => r.localAuthority));
    assert.ok(authorities.has('Ashcombe'), [...authorities].join(', '));
    const visit = index.reports.get(VISIT);
    const before = index.reports.get(INSPECTION);
    await tagFirstParagraph(session, INSPECTION, ['lead.supervision']);
    await session.criteriaIndex();
    assert.equal(index.reports.get(VISIT), visit, 'an unchanged report keeps its findings');
    assert.notEqual(index.reports.get(INSPECTION), before);
    assert.ok(index.reports.get(INSPECTION)?.findings.some((f) => f.source === 'tagged' && f.criteria.includes('lead.supervision')));
  });
});

describe('workspace session: one report at a time', () => {
  it('hands each report over without keeping it, and keeps what it had', async () => {
    const { host, session } = await workspace();
    await session.report(INSPECTION);
    const seen: string[] = [];
    for await (const loaded of session.eachReport()) seen.push(loaded.file);
    assert.deepEqual(seen, [INSPECTION, VISIT, LETTER].sort());
    const reads = host.files.reads.get(VISIT);
    await session.report(VISIT);
    assert.equal(host.files.reads.get(VISIT), (reads ?? 0) + 1, 'a report handed over one at a time is read again when asked for');
    await session.report(INSPECTION);
    assert.equal(host.files.reads.get(INSPECTION), 1, 'a report the session had is not read again');
  });

  it('reads the next reports while one is worked on, in order, and a reader may stop early', async () => {
    const { host, session } = await workspace();
    // Every read takes a while, as a disk's does; count how many are under way at once.
    const read = host.files.readFile.bind(host.files);
    const reports = [INSPECTION, VISIT, LETTER].sort();
    let reading = 0;
    let most = 0;
    host.files.readFile = async (file: string): Promise<Uint8Array | undefined> => {
      if (!reports.includes(file)) return read(file);
      most = Math.max(most, ++reading);
      await new Promise((resolve) => setTimeout(resolve, 5));
      reading--;
      return read(file);
    };
    const seen: string[] = [];
    for await (const loaded of session.eachReport()) seen.push(loaded.file);
    assert.deepEqual(seen, reports, 'in path order');
    assert.equal(most, 3, 'the three reports are read at once');
    host.files.unreadable.set(LETTER, 'permission denied');
    const first: string[] = [];
    for await (const loaded of session.eachReport()) {
      first.push(loaded.file);
      break;
    }
    assert.deepEqual(first, reports.slice(0, 1));
    // The reads left behind run to their end, and the unreadable report is still named when the
    // whole workspace is read.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const all = await session.reports();
    assert.match(all.find((r) => r.file === LETTER)?.problem ?? '', /permission denied/);
  });
});
