// Export and import of findings in the editor: the three export commands write JSON, CSV and a
// REFI-QDA project that say what the store and the Improvement Areas view hold; import puts a
// removed tag back and leaves the rest as it is.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { strFromU8, unzipSync } from 'fflate';
import type { Annotation } from '../../src/core/annotations';
import { CSV_BOM, parseExport, validateExport, type ExportDocument, type ImportResult } from '../../src/core/export';
import type { ExportCommandResult } from '../../src/extension/export';
import { api, folder, skipUnlessSharedApi, waitFor, withWindow } from './helpers';

const REPORT = 'eastbrook__20-october-2023.txt';
const decoder = new TextDecoder();

describe('export of findings in the editor', function () {
  this.timeout(60_000);
  const reportUri = (): vscode.Uri => vscode.Uri.joinPath(folder().uri, REPORT);
  /** Exports go outside the workspace so no spec sees them as reports. */
  const outDir = vscode.Uri.file(path.join(os.tmpdir(), `ilacs-export-spec-${process.pid}-${Date.now()}`));
  const made: Annotation[] = [];

  before(async () => {
    await vscode.workspace.fs.createDirectory(outDir);
    await api();
    const document = await vscode.workspace.openTextDocument(reportUri());
    await vscode.window.showTextDocument(document);
    for (const [paragraphId, criteria, assessment] of [
      ['main-findings.1', ['cic.reviews-iro'], 'strength'],
      ['main-findings.2', ['cic.care-plans', 'hp.drift-delay'], 'area-for-improvement'],
    ] as const) {
      const created = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: reportUri(), paragraphId, criteria: [...criteria], assessment });
      assert.ok(created, `tagging ${paragraphId} failed`);
      made.push(created);
    }
  });

  after(async () => {
    // Leave the workspace as the other specs expect it: without these tags.
    for (const a of made) await vscode.commands.executeCommand('ilacs.removeTag', { uri: reportUri(), id: a.id });
    const { views } = await api();
    await views.improvements.setFilter({ status: 'open' });
    await vscode.workspace.fs.delete(outDir, { recursive: true });
  });

  async function readExport(uri: vscode.Uri): Promise<ExportDocument> {
    const parsed = parseExport(decoder.decode(await vscode.workspace.fs.readFile(uri)));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
    return parsed.doc;
  }

  it('contributes the export and import commands', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['ilacs.exportFindings', 'ilacs.exportReportFindings', 'ilacs.exportImprovementView', 'ilacs.importFindings']) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  it('exports the workspace as JSON valid against the schema, holding the tags at exactly their text', async () => {
    const target = vscode.Uri.joinPath(outDir, 'workspace.json');
    const result = await vscode.commands.executeCommand<ExportCommandResult | undefined>('ilacs.exportFindings', { target, printed: false });
    assert.ok(result, 'the command returned nothing');
    assert.equal(result.format, 'json');
    const doc = await readExport(target);
    assert.deepEqual(validateExport(doc, { closed: true }), []);
    assert.equal(doc.workspace, folder().name);
    assert.equal(result.findings, doc.counts.findings);
    const text = (await vscode.workspace.openTextDocument(reportUri())).getText();
    for (const a of made) {
      const f = doc.findings.find((x) => x.id === a.id);
      assert.ok(f, `tag ${a.id} is not in the export`);
      assert.equal(f.report.file, REPORT);
      assert.equal(f.report.localAuthority, 'Eastbrook');
      assert.deepEqual(f.criteria.map((c) => c.id), a.criteria);
      assert.ok(f.location);
      assert.equal(text.slice(f.location.offsets.start, f.location.offsets.end), f.text);
      assert.equal(f.text, a.selectors.quote.exact);
    }
  });

  it('asks where to save, shows a progress notification while exporting and offers Reveal when done', async function () {
    // Against an installed package the extension has its own `vscode.window`; the checkout's run covers this.
    skipUnlessSharedApi(this);
    // The workspace read and the recurrence index built first, each with progress of its own.
    await (await api()).recurrences.update();
    const target = vscode.Uri.joinPath(outDir, 'progress.json');
    const dialogs: string[] = [];
    const chooseTarget = (): typeof vscode.window.showSaveDialog => (options) => {
      dialogs.push(`${options?.title ?? ''} | ${options?.saveLabel ?? ''} | ${options?.defaultUri?.path.split('/').pop() ?? ''}`);
      return Promise.resolve(target);
    };
    const progress: string[] = [];
    const messages: string[] = [];
    const recordProgress = (original: typeof vscode.window.withProgress): typeof vscode.window.withProgress => (options, task) => {
      progress.push(`${String(options.location)}:${options.title ?? ''}`);
      return original(options, task);
    };
    const recordMessage = (): typeof vscode.window.showInformationMessage =>
      ((message: string, ...items: unknown[]) => {
        messages.push(`${message} | ${items.filter((i) => typeof i === 'string').join(', ')}`);
        return Promise.resolve(undefined);
      }) as typeof vscode.window.showInformationMessage;
    await withWindow('showSaveDialog', chooseTarget, () => withWindow('withProgress', recordProgress, () => withWindow('showInformationMessage', recordMessage, () => vscode.commands.executeCommand('ilacs.exportFindings', { printed: false }))));
    assert.equal(dialogs.length, 1);
    assert.match(dialogs[0], / \| Export \| .*\.json$/);
    assert.ok((await vscode.workspace.fs.stat(target)).size > 0);
    assert.deepEqual(progress, [`${String(vscode.ProgressLocation.Notification)}:Exporting the workspace's findings`]);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^Exported \d+ findings? from \d+ reports? to .*progress\.json\.( It leaves out \d+ printed improvement areas?\.)? \| Reveal$/);
  });

  it('stops when its progress notification is cancelled, and writes nothing', async function () {
    skipUnlessSharedApi(this);
    const target = vscode.Uri.joinPath(outDir, 'cancelled.json');
    const messages: string[] = [];
    // The user presses Cancel as soon as the notification shows.
    const cancelAtOnce = (original: typeof vscode.window.withProgress): typeof vscode.window.withProgress => (options, task) => {
      assert.equal(options.cancellable, true, 'the export cannot be cancelled');
      const source = new vscode.CancellationTokenSource();
      return original({ ...options }, (progress) => {
        const running = task(progress, source.token);
        source.cancel();
        return running;
      });
    };
    const recordMessage = (): typeof vscode.window.showInformationMessage =>
      ((message: string) => {
        messages.push(message);
        return Promise.resolve(undefined);
      }) as typeof vscode.window.showInformationMessage;
    const result = await withWindow('withProgress', cancelAtOnce, () => withWindow('showInformationMessage', recordMessage, () => vscode.commands.executeCommand<ExportCommandResult | undefined>('ilacs.exportFindings', { target, printed: false })));
    assert.equal(result, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(target)), 'a cancelled export wrote its file');
    assert.deepEqual(messages, [`Export cancelled: ${vscode.workspace.asRelativePath(target)} was not written.`]);
  });

  it('lists as recurrences the exported findings on paragraphs of other reports making the same finding', async () => {
    // Northmere's 2025 visit repeats the finding of Eastbrook's main-findings.2 (assessments that take too long).
    const other = vscode.Uri.joinPath(folder().uri, 'northmere__11-june-2025.txt');
    const tag = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: other, paragraphId: 'main-findings.1', criteria: ['hp.assessments'], assessment: 'area-for-improvement' });
    assert.ok(tag);
    try {
      const target = vscode.Uri.joinPath(outDir, 'recurrences.json');
      await vscode.commands.executeCommand<ExportCommandResult | undefined>('ilacs.exportFindings', { target, printed: false });
      const doc = await readExport(target);
      const eastbrook = doc.findings.find((f) => f.id === made[1].id);
      assert.ok(eastbrook);
      assert.ok(eastbrook.recurrences.includes(tag.id), JSON.stringify(eastbrook.recurrences));
      assert.ok(doc.findings.find((f) => f.id === tag.id)?.recurrences.includes(made[1].id));
    } finally {
      await vscode.commands.executeCommand('ilacs.removeTag', { uri: other, id: tag.id });
    }
  });

  it('exports the current report as CSV for Excel: byte-order mark, header and one row per finding', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri()));
    const target = vscode.Uri.joinPath(outDir, 'report.csv');
    const result = await vscode.commands.executeCommand<ExportCommandResult | undefined>('ilacs.exportReportFindings', { target });
    assert.ok(result);
    assert.equal(result.format, 'csv');
    // Decoded keeping the byte-order mark, which a default TextDecoder would drop.
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(target));
    assert.ok(csv.startsWith(CSV_BOM), 'no byte-order mark');
    const rows = csv.slice(1).trim().split('\r\n');
    assert.ok(rows[0].startsWith('"id","type","report file"'));
    // Its two tags and its two printed improvement areas, nothing from other reports.
    assert.equal(rows.length, 1 + 4, csv);
    assert.ok(rows.slice(1).every((r) => r.includes(`"${REPORT}"`)));
    for (const a of made) assert.ok(rows.some((r) => r.startsWith(`"${a.id}"`)));
  });

  it('exports what the Improvement Areas view shows, under its filters, as a REFI-QDA project', async () => {
    const { views } = await api();
    await views.improvements.setFilter({ status: 'open', report: REPORT });
    const { tree } = await views.improvements.current();
    const shown = new Set(tree.items.map((i) => i.key));
    // The strength is not an improvement area; the area for improvement and the printed items are.
    assert.ok(shown.has(`tagged:${REPORT}#${made[1].id}`) && !shown.has(`tagged:${REPORT}#${made[0].id}`));

    const json = vscode.Uri.joinPath(outDir, 'view.json');
    await vscode.commands.executeCommand('ilacs.exportImprovementView', { target: json });
    const doc = await readExport(json);
    assert.equal(doc.filter.view, true);
    assert.equal(doc.findings.length, shown.size);
    assert.deepEqual(doc.findings.map((f) => (f.type === 'tagged' ? `tagged:${f.report.file}#${f.id}` : f.id)).sort(), [...shown].sort());

    const qdpx = vscode.Uri.joinPath(outDir, 'view.qdpx');
    const result = await vscode.commands.executeCommand<ExportCommandResult | undefined>('ilacs.exportImprovementView', { target: qdpx });
    assert.equal(result?.format, 'qdpx');
    const entries = unzipSync(await vscode.workspace.fs.readFile(qdpx));
    const xml = strFromU8(entries['project.qde']);
    assert.match(xml, /<Project xmlns="urn:QDA-XML:project:1\.0"/);
    assert.equal((xml.match(/<PlainTextSelection /g) ?? []).length, shown.size);
    const source = Object.keys(entries).find((k) => k.startsWith('Sources/'));
    assert.ok(source, 'no source text in the project');
    const characters = Array.from(strFromU8(entries[source]));
    const tagged = doc.findings.find((f) => f.id === made[1].id);
    assert.ok(tagged);
    const positions = [...xml.matchAll(/startPosition="(\d+)" endPosition="(\d+)"/g)].map((m) => characters.slice(Number(m[1]), Number(m[2])).join(''));
    assert.ok(positions.includes(tagged.text), 'no selection covers the tagged text exactly');
  });

  it('imports an export: a tag removed since comes back with its id, everything else is left as it is', async () => {
    const { services } = await api();
    const target = vscode.Uri.joinPath(outDir, 'before-removal.json');
    await vscode.commands.executeCommand('ilacs.exportFindings', { target, printed: false });

    const same = await vscode.commands.executeCommand<ImportResult | undefined>('ilacs.importFindings', { source: target, folder: folder().uri });
    assert.ok(same);
    assert.equal(same.addedTags, 0);
    assert.ok(same.unchanged >= 2);
    assert.deepEqual(same.conflicts, []);

    const removed = made[0];
    await vscode.commands.executeCommand('ilacs.removeTag', { uri: reportUri(), id: removed.id });
    const document = await vscode.workspace.openTextDocument(reportUri());
    await waitFor('the tag to be removed', async () => ((await services.annotations.anchored(document)).some((a) => a.annotation.id === removed.id) ? undefined : true));

    const back = await vscode.commands.executeCommand<ImportResult | undefined>('ilacs.importFindings', { source: target, folder: folder().uri });
    assert.ok(back);
    assert.equal(back.addedTags, 1);
    const restored = await waitFor('the imported tag to be seen', async () => (await services.annotations.anchored(document)).find((a) => a.annotation.id === removed.id));
    assert.deepEqual(restored.annotation.criteria, removed.criteria);
    assert.equal(restored.annotation.created, removed.created);
    assert.equal(restored.orphaned, false);
  });

  it('replaces a file it is told to write through a temporary file it leaves no trace of, and keeps a file it cannot replace', async () => {
    const target = vscode.Uri.joinPath(outDir, 'replace.json');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode('an older export\n'));
    const result = await vscode.commands.executeCommand<ExportCommandResult | undefined>('ilacs.exportFindings', { target, printed: false });
    assert.ok(result, 'the export failed');
    await readExport(target);
    // A folder standing where the file would go: the command fails and the folder stays.
    const blocked = vscode.Uri.joinPath(outDir, 'blocked.json');
    await vscode.workspace.fs.createDirectory(blocked);
    assert.equal(await vscode.commands.executeCommand('ilacs.exportFindings', { target: blocked, printed: false }), undefined);
    assert.equal((await vscode.workspace.fs.stat(blocked)).type, vscode.FileType.Directory);
    const left = (await vscode.workspace.fs.readDirectory(outDir)).map(([name]) => name).filter((name) => name.endsWith('.tmp'));
    assert.deepEqual(left, []);
  });

  it('refuses a file that is not an export, and imports nothing', async () => {
    const bad = vscode.Uri.joinPath(outDir, 'bad.json');
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode('{"findings": 3}'));
    const result = await vscode.commands.executeCommand<ImportResult | undefined>('ilacs.importFindings', { source: bad, folder: folder().uri });
    assert.equal(result, undefined);
  });
});
