// PDF import in the browser build: pdf.js in the web worker extension host, the Markdown report
// written into the workspace folder through workspace.fs and read as a report (a fixture, and a real
// report from ../shared when it is beside the project), and a cancelled batch writing nothing more.
import * as vscode from 'vscode';
import { exists } from '../../src/extension/files';
import { api, scratchFolder } from '../editorCommon';
import type { PdfImportResult } from '../../src/extension/pdfImport';
import inspectionPdf from '../fixtures/pdf/holmbridge__02-may-2025.pdf';
import focusedVisitPdf from '../fixtures/pdf/brackley-vale__08-july-2025.pdf';
import sharedReport from 'ilacs-web-shared-report';
import type { Report } from '../../src/core/model';
import { parseReportText } from '../../src/core/parser';
import { equal, ok, sameList, waitFor } from './check';

const decoder = new TextDecoder();
const grades = (r: Report): string[] => r.judgements.map((j) => `${j.area}=${j.grade}`).sort();

describe('PDF import in the browser build', function () {
  this.timeout(120_000);
  const scratch = scratchFolder('pdf-import');

  it('imports a PDF into the workspace folder, and the Markdown is read as a report', async () => {
    const { services } = await api();
    const pdf = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    await vscode.workspace.fs.writeFile(pdf, inspectionPdf);
    const results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { open: false });
    sameList(
      results.map((r) => `${r.status} ${r.message ?? ''}`.trim()),
      ['created'],
      'import results',
    );
    const md = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md');
    equal(results[0].markdown?.toString(), md.toString(), 'the Markdown file written');
    const text = decoder.decode(await vscode.workspace.fs.readFile(md));
    ok(/^---\ntitle: "Inspection of Holmbridge local authority children's services"\n/.test(text), text.slice(0, 200));
    ok(text.includes('\n| The experiences and progress of children in care | Good |\n'), 'the judgement table');
    const entries = await vscode.workspace.fs.readDirectory(scratch());
    sameList(entries.map(([name]) => name).sort(), ['holmbridge__02-may-2025.md', 'holmbridge__02-may-2025.pdf'], 'files in the folder (no temporary file left)');

    const indexed = await waitFor('the imported report in the workspace index', async () => {
      await services.index.ensureBuilt();
      return services.index.all().find((r) => r.report.file.endsWith('holmbridge__02-may-2025.md'));
    });
    equal(indexed.report.localAuthority, 'Holmbridge', 'local authority');
    equal(indexed.report.judgements.length, 5, 'judgements');
    const document = await vscode.workspace.openTextDocument(md);
    await vscode.window.showTextDocument(document);
    await waitFor('the Ofsted Report language', async () => (document.languageId === 'ilacs-report' ? true : undefined));
    const report = await waitFor('the parsed report', async () => services.reports.get(document) ?? undefined);
    sameList(
      report.paragraphs.filter((p) => p.number !== null).map((p) => String(p.number)),
      ['1', '2', '3', '4', '5'],
      'numbered paragraphs',
    );
  });

  it('imports a real Ofsted report PDF (from ../shared), to the grades and paragraphs its text extraction has', async function () {
    if (!sharedReport) {
      console.log('      skipped: ../shared/reports is not beside the project');
      this.skip();
    }
    const { services } = await api();
    const pdf = vscode.Uri.joinPath(scratch(), sharedReport.name);
    await vscode.workspace.fs.writeFile(pdf, sharedReport.pdf);
    const [result] = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [pdf], { open: false });
    equal(`${result.status} ${result.message ?? ''}`.trim(), 'created', 'import result');
    ok(result.markdown, 'no Markdown file');
    const base = sharedReport.name.replace(/\.pdf$/, '');
    const text = parseReportText(`${base}.txt`, sharedReport.text);
    const indexed = await waitFor('the imported report in the workspace index', async () => {
      await services.index.ensureBuilt();
      return services.index.all().find((r) => r.report.file.endsWith(`${base}.md`));
    });
    equal(indexed.report.format, 'markdown', 'format');
    ok(grades(text).length > 0, 'the text extraction has grades');
    sameList(grades(indexed.report), grades(text), 'grades');
    equal(indexed.report.localAuthority, text.localAuthority, 'local authority');
    const numbered = new Set(indexed.report.paragraphs.map((p) => p.number));
    const missing = text.paragraphs.filter((p) => p.number !== null && !numbered.has(p.number)).map((p) => String(p.number));
    sameList(missing, [], 'numbered paragraphs of the text extraction missing from the import');
  });

  it('stops a cancelled batch, writes nothing for what was not done, and says how many were imported', async () => {
    await api();
    const first = vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.pdf');
    const second = vscode.Uri.joinPath(scratch(), 'brackley-vale__08-july-2025.pdf');
    await vscode.workspace.fs.writeFile(first, inspectionPdf);
    await vscode.workspace.fs.writeFile(second, focusedVisitPdf);
    // The notification's Cancel, as the second PDF begins: its token is replaced by one the test cancels.
    const window = vscode.window as { withProgress: typeof vscode.window.withProgress; showInformationMessage: typeof vscode.window.showInformationMessage };
    const { withProgress, showInformationMessage } = window;
    const cancel = new vscode.CancellationTokenSource();
    const said: string[] = [];
    window.withProgress = ((options, task) =>
      withProgress(options, (progress) =>
        task(
          {
            report: (value) => {
              if (value.message?.startsWith('2 of 2')) cancel.cancel();
              progress.report(value);
            },
          },
          cancel.token,
        ),
      )) as typeof vscode.window.withProgress;
    window.showInformationMessage = ((message: string) => {
      said.push(message);
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showInformationMessage;
    let results: PdfImportResult[];
    try {
      results = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [first, second], { open: false });
    } finally {
      window.withProgress = withProgress;
      window.showInformationMessage = showInformationMessage;
    }
    sameList(
      results.map((r) => r.status),
      ['created', 'cancelled'],
      'statuses',
    );
    equal(await exists(vscode.Uri.joinPath(scratch(), 'holmbridge__02-may-2025.md')), true, 'a Markdown file for the first PDF');
    equal(await exists(vscode.Uri.joinPath(scratch(), 'brackley-vale__08-july-2025.md')), false, 'a Markdown file for the second PDF');
    sameList(said, ['Import cancelled: imported 1 of 2 report PDFs; 1 not imported.'], 'the summary');

    // A token passed by a script, already cancelled: nothing is started.
    const stopped = new vscode.CancellationTokenSource();
    stopped.cancel();
    const none = await vscode.commands.executeCommand<PdfImportResult[]>('ilacs.importPdf', [second], { open: false, token: stopped.token });
    sameList(
      none.map((r) => r.status),
      ['cancelled'],
      'statuses with a cancelled token',
    );
    equal(await exists(vscode.Uri.joinPath(scratch(), 'brackley-vale__08-july-2025.md')), false, 'a Markdown file for the second PDF');
});
});
