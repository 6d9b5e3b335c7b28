// "ILACS: Import Report from PDF…" in the editor: several PDFs at once, a bad one among them,
// re-importing over a tagged file (kept, then replaced with the tag found again), a cancelled
// batch, and PDFs dropped on the Reports view.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PdfImportResult } from '../../src/extension/pdfImport';
import { PdfDropController } from '../../src/extension/pdfImport';
import { buildContentBombPdf, buildInspectionPdf, buildScannedPdf } from '../fixtures/pdf/build';
import { exists } from '../../src/extension/files';
import { api, EXTENSION_ID, folder, scratchFolder, skipUnlessSharedApi, waitFor, withWindow } from './helpers';

const decoder = new TextDecoder();

describe('Import Report from PDF', function () {
  this.timeout(120_000);
  const scratch = scratchFolder('pdf-import');

  it('is a command in the palette and on PDFs in the Explorer', async () => {
    await api();
    assert.ok((await vscode.commands.getCommands(true)).includes('ilacs.importPdf'));
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.equal(pkg.contributes.commands.find((c) => c.command === 'ilacs.importPdf')?.title, 'Import Report from PDF…');
    assert.match(pkg.contributes.menus['explorer/context'].find((m) => m.command === 'ilacs.importPdf')?.when ?? '', /pdf/);
  });

  it('holds each PDF to the ilacs.pdf.* limits: a bomb and a PDF past the page limit are named, a good PDF after them is imported', async () => {
    await api();
    const config = vscode.workspace.getConfiguration('ilacs.pdf');
    const bomb = vscode.Uri.joinPath(scratch(), 'bomb.pdf');
    const report = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    await vscode.workspace.fs.writeFile(bomb, await buildContentBombPdf(10));
    await vscode.workspace.fs.writeFile(report, await buildInspectionPdf());
    try {
      await config.update('maxPages', 2, vscode.ConfigurationTarget.Workspace);
      let results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [bomb, report], { open: false });
      assert.deepEqual(
        results.map((r) => r.status),
        ['failed', 'failed'],
      );
      assert.match(results[0].message ?? '', /bomb\.pdf: not imported: a content stream inflates to more than 4 MB/);
      assert.match(results[1].message ?? '', /holmbridge__02-may-2025\.pdf: not imported: it has 3 pages, more than 2 \(the limit, ilacs\.pdf\.maxPages\)/);
      await config.update('maxPages', undefined, vscode.ConfigurationTarget.Workspace);
      results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [bomb, report], { open: false });
      assert.deepEqual(
        results.map((r) => r.status),
        ['failed', 'created'],
      );
      assert.equal(await exists(vscode.Uri.joinPath(scratch(), 'bomb.md')), false, 'nothing written for the bomb');
    } finally {
      await config.update('maxPages', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('imports several PDFs, reports the bad one and goes on, and the reports appear in the workspace', async () => {
    const { services } = await api();
    const good = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    const scanned = vscode.Uri.joinPath(scratch(), 'scanned.pdf');
    const second = vscode.Uri.joinPath(scratch(), 'holmbridge__09-may-2025.pdf');
    await vscode.workspace.fs.writeFile(good, await buildInspectionPdf());
    await vscode.workspace.fs.writeFile(scanned, await buildScannedPdf());
    await vscode.workspace.fs.writeFile(second, await buildInspectionPdf({ reissue: true }));

    // As the Explorer calls it: the clicked file, then every selected file.
    const results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', good, [good, scanned, second], { open: false });
    assert.deepEqual(
      results.map((r) => [r.pdf.path.split('/').pop(), r.status]),
      [
        ['holmbridge__02-may-2025.pdf', 'created'],
        ['scanned.pdf', 'failed'],
        ['holmbridge__09-may-2025.pdf', 'created'],
      ],
    );
    assert.match(results[1].message ?? '', /scanned\.pdf: the PDF has no text layer/);
    assert.equal(await exists(vscode.Uri.joinPath(scratch(), 'scanned.md')), false, 'nothing written for the scanned PDF');

    const md = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md');
    const text = decoder.decode(await vscode.workspace.fs.readFile(md));
    assert.match(text, /^---\ntitle: "Inspection of Holmbridge local authority children's services"\n/);
    assert.match(text, /\n\| The experiences and progress of children in care \| Good \|\n/);
    const indexed = await waitFor('the imported report in the workspace index', async () => {
      await services.index.ensureBuilt();
      return services.index.all().find((r) => r.report.file.endsWith('holmbridge__02-may-2025.md'));
    });
    assert.equal(indexed.report.localAuthority, 'Holmbridge');
    assert.equal(indexed.report.judgements.length, 5);
    assert.deepEqual(
      indexed.report.paragraphs.filter((p) => p.number !== null).map((p) => p.number),
      [1, 2, 3, 4, 5],
    );
  });

  it('keeps a tagged Markdown file when told not to replace it, and when it is replaced the tag is found on the new text', async () => {
    const { services } = await api();
    const pdf = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    await vscode.workspace.fs.writeFile(pdf, await buildInspectionPdf());
    const [first] = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { open: false });
    assert.equal(first.status, 'created');
    const md = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md');

    // Tag paragraph 1 in the editor.
    const document = await vscode.workspace.openTextDocument(md);
    await vscode.window.showTextDocument(document);
    const report = await waitFor('the parsed report', () => services.reports.get(document) ?? undefined);
    const p1 = report.paragraphs.find((p) => p.number === 1);
    assert.ok(p1);
    const quote = 'Thresholds are understood by partners';
    const start = document.getText().indexOf(quote);
    const tag = await services.annotations.add(document, start, start + quote.length, { paragraph: 'p1', criteria: ['hp.thresholds'], author: 'Test Officer' });

    // A corrected reissue of the PDF; asked not to replace, the file stays as it is.
    await vscode.workspace.fs.writeFile(pdf, await buildInspectionPdf({ reissue: true }));
    const before = document.getText();
    const [kept] = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { replace: 'never', open: false });
    assert.equal(kept.status, 'kept');
    assert.equal(kept.message, 'holmbridge__02-may-2025.md has 1 tag');
    assert.equal(decoder.decode(await vscode.workspace.fs.readFile(md)), before);

    const [replaced] = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { replace: 'always', open: false });
    assert.equal(replaced.status, 'replaced');
    await waitFor('the editor to show the new text', () => (document.getText().includes('This report was corrected on 9 May 2025') ? true : undefined), 20_000);
    let last = '';
    const anchored = await waitFor('the tag on the new text', async () => {
      const found = (await services.annotations.anchored(document)).find((a) => a.annotation.id === tag.id);
      last = JSON.stringify({ orphaned: found?.orphaned, start: found?.start, end: found?.end, text: found ? document.getText().slice(found.start, found.end) : null });
      return found && !found.orphaned && document.getText().slice(found.start, found.end) === quote ? found : undefined;
    }).catch((err: Error) => assert.fail(`${err.message}; last seen: ${last}`));
    assert.notEqual(anchored.start, start, 'the tag moved with its text');
  });

  it('shows progress over several PDFs, and asks before replacing an edited report: kept when not confirmed, replaced when confirmed', async function () {
    // Against an installed package the extension has its own `vscode.window`; the checkout's run covers this.
    skipUnlessSharedApi(this);
    await api();
    const first = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    const second = vscode.Uri.joinPath(scratch(), 'holmbridge__09-may-2025.pdf');
    await vscode.workspace.fs.writeFile(first, await buildInspectionPdf());
    await vscode.workspace.fs.writeFile(second, await buildInspectionPdf({ reissue: true }));
    const shown: string[] = [];
    const recordProgress = (original: typeof vscode.window.withProgress): typeof vscode.window.withProgress => (options, task) => {
      shown.push(`${String(options.location)}:${options.title ?? ''}`);
      return original(options, (progress, token) =>
        task(
          {
            report: (value) => {
              if (value.message) shown.push(value.message);
              progress.report(value);
            },
          },
          token,
        ),
      );
    };
    const results = await withWindow('withProgress', recordProgress, () => vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [first, second], { open: false }));
    assert.deepEqual(results.map((r) => r.status), ['created', 'created']);
    assert.deepEqual(shown, [`${String(vscode.ProgressLocation.Notification)}:Importing 2 report PDFs`, '1 of 2: holmbridge__02-may-2025.pdf', '2 of 2: holmbridge__09-may-2025.pdf']);

    // The user edits the first report; re-importing its PDF asks first.
    const md = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md');
    const edited = `${decoder.decode(await vscode.workspace.fs.readFile(md))}\nA note of my own.\n`;
    await vscode.workspace.fs.writeFile(md, new TextEncoder().encode(edited));
    const asked: string[] = [];
    const answer = (choice: string | undefined) => (): typeof vscode.window.showWarningMessage =>
      ((message: string, ...rest: unknown[]) => {
        asked.push(`${message} | ${rest.filter((r) => typeof r === 'string').join(', ')}`);
        return Promise.resolve(choice);
      }) as typeof vscode.window.showWarningMessage;
    const [kept] = await withWindow('showWarningMessage', answer(undefined), () => vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [first], { open: false }));
    assert.equal(kept.status, 'kept');
    assert.equal(decoder.decode(await vscode.workspace.fs.readFile(md)), edited);
    // The question, then the summary saying the report was kept.
    assert.equal(asked.length, 2, asked.join('\n'));
    assert.match(asked[0], /Replace it with the new import of the PDF\? \| Replace$/);
    assert.match(asked[1], /holmbridge__02-may-2025\.md/);
    const [replaced] = await withWindow('showWarningMessage', answer('Replace'), () => vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [first], { open: false }));
    assert.equal(replaced.status, 'replaced');
    assert.ok(!decoder.decode(await vscode.workspace.fs.readFile(md)).includes('A note of my own.'));
  });

  it("stops the batch when the notification's Cancel is pressed: what was imported stays, nothing more is written, and the summary says how many", async function () {
    // Against an installed package the extension has its own `vscode.window`; the checkout's run covers this.
    skipUnlessSharedApi(this);
    await api();
    const names = ['holmbridge__02-may-2025', 'holmbridge__09-may-2025', 'holmbridge__16-may-2025'];
    const pdfs = names.map((n) => vscode.Uri.joinPath(scratch(), `${n}.pdf`));
    for (const pdf of pdfs) await vscode.workspace.fs.writeFile(pdf, await buildInspectionPdf());
    // The notification's token, replaced by one the test cancels as the second PDF begins (as Cancel does).
    const cancel = new vscode.CancellationTokenSource();
    let cancellable: boolean | undefined;
    const cancelAtSecond = (original: typeof vscode.window.withProgress): typeof vscode.window.withProgress => (options, task) => {
      cancellable = options.cancellable;
      return original(options, (progress) =>
        task(
          {
            report: (value) => {
              if (value.message?.startsWith('2 of 3')) cancel.cancel();
              progress.report(value);
            },
          },
          cancel.token,
        ),
      );
    };
    const said: string[] = [];
    const record = (): typeof vscode.window.showInformationMessage =>
      ((message: string) => {
        said.push(message);
        return Promise.resolve(undefined);
      }) as typeof vscode.window.showInformationMessage;
    const results = await withWindow('showInformationMessage', record, () =>
      withWindow('withProgress', cancelAtSecond, () => vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', pdfs, { open: false })),
    );
    assert.equal(cancellable, true, 'the progress notification can be cancelled');
    assert.deepEqual(results.map((r) => r.status), ['created', 'cancelled', 'cancelled']);
    assert.equal(await exists(vscode.Uri.joinPath(scratch(), `${names[0]}.md`)), true);
    for (const n of names.slice(1)) assert.equal(await exists(vscode.Uri.joinPath(scratch(), `${n}.md`)), false, `${n}.md was written`);
    const left = (await vscode.workspace.fs.readDirectory(scratch())).map(([n]) => n).filter((n) => n.startsWith('.'));
    assert.deepEqual(left, [], 'temporary files left');
    assert.deepEqual(said, ['Import cancelled: imported 1 of 3 report PDFs; 2 not imported.']);
  });

  it('stops at once for a token that is already cancelled, writing nothing', async () => {
    await api();
    const pdf = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    await vscode.workspace.fs.writeFile(pdf, await buildInspectionPdf());
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    const results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { open: false, token: source.token });
    assert.deepEqual(results.map((r) => r.status), ['cancelled']);
    assert.equal(await exists(vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md')), false);
  });

  it('never replaces a report with unsaved changes in an editor, even when told to replace', async () => {
    const pdf = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    await vscode.workspace.fs.writeFile(pdf, await buildInspectionPdf());
    await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { open: false });
    const md = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md');
    const document = await vscode.workspace.openTextDocument(md);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(new vscode.Position(document.lineCount - 1, 0), 'My unsaved note.\n'));
    assert.ok(document.isDirty);
    const onDisk = decoder.decode(await vscode.workspace.fs.readFile(md));
    const [result] = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { replace: 'always', open: false });
    assert.equal(result.status, 'kept');
    assert.match(result.message ?? '', /has unsaved changes/);
    assert.equal(decoder.decode(await vscode.workspace.fs.readFile(md)), onDisk);
    assert.match(document.getText(), /My unsaved note\./);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('does not let a second PDF of the same name from outside the workspace overwrite the first one\'s report', async () => {
    const outside = vscode.Uri.file(path.join(os.tmpdir(), `ilacs-pdf-spec-${process.pid}-${Date.now()}`));
    const a = vscode.Uri.joinPath(outside, 'a', 'samename__01-may-2025.pdf');
    const b = vscode.Uri.joinPath(outside, 'b', 'samename__01-may-2025.pdf');
    await vscode.workspace.fs.writeFile(a, await buildInspectionPdf());
    await vscode.workspace.fs.writeFile(b, await buildInspectionPdf({ reissue: true }));
    const md = vscode.Uri.joinPath(folder().uri, 'samename__01-may-2025.md');
    try {
      const results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [a, b], { open: false });
      assert.deepEqual(results.map((r) => r.status), ['created', 'failed']);
      assert.match(results[1].message ?? '', /samename__01-may-2025\.pdf: not imported: samename__01-may-2025\.md was just written from .*a\/samename__01-may-2025\.pdf/);
      assert.doesNotMatch(decoder.decode(await vscode.workspace.fs.readFile(md)), /This report was corrected/);
    } finally {
      await vscode.workspace.fs.delete(outside, { recursive: true, useTrash: false });
      if (await exists(md)) await vscode.workspace.fs.delete(md, { useTrash: false });
    }
  });

  it('imports PDFs dropped on the Reports view', async () => {
    const { services } = await api();
    const a = vscode.Uri.joinPath(scratch(), 'dropped-one.pdf');
    const b = vscode.Uri.joinPath(scratch(), 'dropped-two.pdf');
    await vscode.workspace.fs.writeFile(a, await buildInspectionPdf());
    await vscode.workspace.fs.writeFile(b, await buildInspectionPdf({ reissue: true }));
    const data = new vscode.DataTransfer();
    data.set('text/uri-list', new vscode.DataTransferItem(`${a.toString()}\r\n${b.toString()}`));
    await new PdfDropController(services).handleDrop(undefined, data);
    for (const name of ['dropped-one.md', 'dropped-two.md']) {
      const text = decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(scratch(), name)));
      assert.match(text, /\nsource: "dropped-(one|two)\.pdf"\n/);
    }
  });

  it('imports a PDF dropped from the computer as bytes without a URI (as the browser gives it) into the first workspace folder', async () => {
    const { services } = await api();
    const bytes = await buildInspectionPdf();
    const name = `dropped-bytes-${Date.now()}.pdf`;
    class DroppedFile extends vscode.DataTransferItem {
      override asFile(): vscode.DataTransferFile {
        return { name, uri: undefined, data: async () => bytes };
      }
    }
    const data = new vscode.DataTransfer();
    data.set('files', new DroppedFile(''));
    const md = vscode.Uri.joinPath(folder().uri, name.replace(/\.pdf$/, '.md'));
    try {
      await new PdfDropController(services).handleDrop(undefined, data);
      const text = decoder.decode(await vscode.workspace.fs.readFile(md));
      assert.match(text, new RegExp(`\nsource: "${name.replace(/\./g, '\\.')}"\n`));
      assert.equal(await exists(vscode.Uri.joinPath(folder().uri, name)), false, 'the PDF itself is not written');
    } finally {
      if (await exists(md)) await vscode.workspace.fs.delete(md, { useTrash: false });
    }
  });
});
