import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseReportText } from '../../src/core/parser';
import { EDIT_REPORT_DETAILS } from '../../src/extension/reportDetails';
import { ReportCorrections } from '../../src/extension/reportCorrections';
import { WorkspaceSessions } from '../../src/extension/sessions';
import type { ReportNode } from '../../src/extension/views/reportTree';
import { api, EXTENSION_ID, folder, skipUnlessSharedApi, waitFor, withWindow } from './helpers';

/** A fictional report whose cover page was lost: only its file name dates it. */
const UNDATED_REPORT = `Inspection of Ashdown local authority children's services

The experiences and progress of children who need help and protection

1. Social workers visit children regularly and know them well. Assessments are
thorough and consider the views of children and their families.

2. Managers do not always oversee plans closely enough, so some children wait too
long for the help they need.
`;

/** The Reports view's rows of one authority: label and description of each, in view order. */
async function reportRows(authority: string): Promise<{ label: string; uri: vscode.Uri; node: ReportNode }[]> {
  const { views } = await api();
  const group = (await views.reports.getChildren()).find((n) => n.kind === 'authority' && n.label === authority);
  if (!group || group.kind !== 'authority') return [];
  return group.reports.map((node) => {
    const item = views.reports.getTreeItem(node);
    return { label: String(item.label), uri: item.resourceUri!, node };
  });
}

function seedsFolder(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  return path.resolve(extension.extensionPath, '..', 'shared', 'reports', 'seeds');
}

/** The years Show Recurring Findings lists for an authority (its quick pick answered with nothing). */
async function recurringYears(authority: string): Promise<Set<string>> {
  let descriptions: string[] = [];
  await withWindow(
    'showQuickPick',
    () =>
      ((items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) =>
        Promise.resolve(items).then((list) => {
          descriptions = list.map((i) => i.description ?? '');
          return undefined;
        })) as unknown as typeof vscode.window.showQuickPick,
    () => vscode.commands.executeCommand('ilacs.showRecurringFindings', { localAuthority: authority }),
  );
  return new Set(descriptions.flatMap((d) => (d ? d.split(', ') : [])));
}

describe('Report dates and corrections', () => {
  const root = (): vscode.Uri => folder().uri;
  const seedCopies: vscode.Uri[] = [];
  let undated: vscode.Uri;

  before(async function () {
    const seeds = seedsFolder();
    if (!existsSync(seeds)) this.skip();
    for (const name of readdirSync(seeds).filter((n) => n.endsWith('.txt'))) {
      const target = vscode.Uri.joinPath(root(), 'bury', name);
      await vscode.workspace.fs.writeFile(target, await fs.readFile(path.join(seeds, name)));
      seedCopies.push(target);
    }
    undated = vscode.Uri.joinPath(root(), 'ashdown-2019-07-inspection.txt');
    await vscode.workspace.fs.writeFile(undated, Buffer.from(UNDATED_REPORT));
    const { services } = await api();
    await services.index.ensureBuilt();
    await waitFor('the Bury reports in the Reports view', async () => ((await reportRows('Bury')).length === seedCopies.length ? true : undefined));
  });

  after(async () => {
    for (const uri of [...seedCopies, undated]) if (uri) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), '.ilacs', 'reports.json')).then(undefined, () => undefined);
    // The specs after this one see the workspace as it was: wait until the views have let the copies go.
    const gone = new Set([...seedCopies, undated].filter(Boolean).map((u) => u.toString()));
    const { services } = await api();
    await waitFor('the copied reports to leave the index', () => (services.index.all().some((r) => gone.has(r.uri.toString())) ? undefined : true));
    await waitFor('the Reports view to drop Bury and Ashdown', async () => {
      const labels = (await (await api()).views.reports.getChildren()).map((n) => (n.kind === 'authority' ? n.label : ''));
      return labels.includes('Bury') || labels.includes('Ashdown') ? undefined : true;
    });
  });

  it('dates every report in the Reports view, to the precision it has, oldest first', async () => {
    const { services } = await api();
    await services.index.ensureBuilt();
    for (const indexed of services.index.all()) assert.ok(indexed.report.date, `${indexed.report.file} has no date`);
    const bury = await reportRows('Bury');
    assert.deepEqual(
      bury.map((r) => r.label),
      ['Inspection, 2012', 'Focused visit, 17 Aug 2018', 'Inspection, Dec 2021', 'Other, Nov 2022', 'Monitoring visit, 9 May 2023'],
    );
    const all = (await (await api()).views.reports.getChildren()).flatMap((g) => (g.kind === 'authority' ? g.reports : []));
    for (const node of all) assert.doesNotMatch(String((await api()).views.reports.getTreeItem(node).label), /undated/);
  });

  it('places the findings of every Bury report in its year in Recurring Findings', async function () {
    skipUnlessSharedApi(this);
    const years = await recurringYears('Bury');
    assert.ok(years.size > 0, 'no recurring criterion for Bury');
    for (const y of years) assert.match(y, /^20\d\d$/, `"${y}" is not a year`);
    assert.ok(years.has('2021'), `the 2021 inspection's year is missing from ${[...years].join(', ')}`);
    assert.ok(years.has('2012'), `the 2012 inspection's year is missing from ${[...years].join(', ')}`);
  });

  it('corrects a date from the Reports view, keeps it in .ilacs/reports.json and never touches the report', async () => {
    const rows = await reportRows('Bury');
    const row = rows.find((r) => r.label === 'Inspection, Dec 2021')!;
    const before = await vscode.workspace.fs.readFile(row.uri);
    await vscode.commands.executeCommand(EDIT_REPORT_DETAILS, row.node, { set: { date: '2021-10-29' } });
    await waitFor('the corrected date in the Reports view', async () => ((await reportRows('Bury')).some((r) => r.label === 'Inspection, 29 Oct 2021') ? true : undefined));
    const stored = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root(), '.ilacs', 'reports.json'))).toString('utf8'));
    assert.equal(stored.schemaVersion, 1);
    assert.equal(stored.reports['bury/bury-2021-12-inspection.txt'].date, '2021-10-29');
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(row.uri)), Buffer.from(before));
  });

  it('reads the correction again after a reload, as the CLI does', async () => {
    const { services } = await api();
    const uri = vscode.Uri.joinPath(root(), 'bury', 'bury-2021-12-inspection.txt');
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    // What activation builds after a window reload: a new corrections service reading the file.
    const sessions = new WorkspaceSessions({ storeFileSystem: (f) => services.host.storeFileSystem(f), author: async () => 'Tester', log: services.log, extensionUri: services.context.extensionUri });
    const fresh = new ReportCorrections(sessions);
    try {
      const report = await fresh.apply(uri, parseReportText('bury/bury-2021-12-inspection.txt', text));
      assert.deepEqual(report.date, { value: '2021-10-29', precision: 'day', source: 'user' });
    } finally {
      fresh.dispose();
      sessions.dispose();
    }
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [cli, 'report', uri.fsPath, '--json'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err, stdout, stderr) => (err ? reject(new Error(stderr || String(err))) : resolve(stdout))),
    );
    assert.deepEqual(JSON.parse(out).report.date, { value: '2021-10-29', precision: 'day', source: 'user' });
  });

  it('follows a correction made on disk and goes back to the file name when it is removed', async () => {
    const file = vscode.Uri.joinPath(root(), '.ilacs', 'reports.json');
    const stored = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
    stored.reports['ashdown-2019-07-inspection.txt'] = { date: '2019-07-12', modified: '2026-12-01T10:00:00.000Z' };
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(stored, null, 2) + '\n'));
    await waitFor('the date written on disk', async () => ((await reportRows('Ashdown')).some((r) => r.label === 'Inspection, 12 Jul 2019') ? true : undefined));
    await vscode.commands.executeCommand(EDIT_REPORT_DETAILS, vscode.Uri.joinPath(root(), 'bury', 'bury-2021-12-inspection.txt'), { unset: ['date'] });
    await waitFor('the file name date again', async () => ((await reportRows('Bury')).some((r) => r.label === 'Inspection, Dec 2021') ? true : undefined));
    const after = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
    assert.equal(after.reports['bury/bury-2021-12-inspection.txt'], undefined);
    assert.equal(after.reports['ashdown-2019-07-inspection.txt'].date, '2019-07-12', 'the correction made on disk was lost');
  });

  it('offers Edit Report Details in the Reports view, the report summary and the command palette', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.equal(pkg.contributes.commands.find((c) => c.command === EDIT_REPORT_DETAILS)?.title, 'Edit Report Details...');
    assert.ok(pkg.contributes.menus['view/item/context'].some((m) => m.command === EDIT_REPORT_DETAILS && /view == ilacs\.reports/.test(m.when ?? '') && /viewItem == report/.test(m.when ?? '')));
    assert.ok(pkg.contributes.menus.commandPalette.some((m) => m.command === EDIT_REPORT_DETAILS));
    assert.ok((await vscode.commands.getCommands(true)).includes(EDIT_REPORT_DETAILS));
    const uri = vscode.Uri.joinPath(root(), 'bury', 'bury-2021-12-inspection.txt');
    await vscode.commands.executeCommand('ilacs.showReportSummary', uri);
    const summary = await waitFor('the summary', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ilacs-summary' && d.uri.query === uri.toString()));
    assert.ok(summary, 'no summary was shown');
    assert.match(summary.getText(), /- Date: Dec 2021 \(from the file name\)/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', summary.uri);
    const lens = lenses.find((l) => l.command?.command === EDIT_REPORT_DETAILS);
    assert.ok(lens, 'the summary has no Edit Report Details lens');
    assert.equal((lens.command!.arguments![0] as vscode.Uri).toString(), uri.toString());
  });

  it('places a report in Recurring Findings by its corrected date', async function () {
    skipUnlessSharedApi(this);
    const uri = vscode.Uri.joinPath(root(), 'bury', 'bury-2012-safeguarding-and-looked-after-inspection.txt');
    assert.ok((await recurringYears('Bury')).has('2012'));
    await vscode.commands.executeCommand(EDIT_REPORT_DETAILS, uri, { set: { date: '2011-03' } });
    await waitFor('2011 in Recurring Findings', async () => {
      const years = await recurringYears('Bury');
      return years.has('2011') && !years.has('2012') ? true : undefined;
    });
    await vscode.commands.executeCommand(EDIT_REPORT_DETAILS, uri, { unset: ['date'] });
    await waitFor('2012 in Recurring Findings again', async () => ((await recurringYears('Bury')).has('2012') ? true : undefined));
  });

  it('refuses a date that does not exist, naming the report, and writes nothing', async function () {
    skipUnlessSharedApi(this);
    const file = vscode.Uri.joinPath(root(), '.ilacs', 'reports.json');
    const before = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const messages: string[] = [];
    await withWindow(
      'showErrorMessage',
      () => ((message: string) => (messages.push(message), Promise.resolve(undefined))) as typeof vscode.window.showErrorMessage,
      () => vscode.commands.executeCommand(EDIT_REPORT_DETAILS, undated, { set: { date: '2019-02-30' } }),
    );
    assert.equal(messages.length, 1);
    assert.match(messages[0], /ashdown-2019-07-inspection\.txt.*no day 30/);
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), before);
  });
});
