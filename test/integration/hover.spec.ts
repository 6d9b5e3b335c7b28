// The paragraph hover: paragraph, section and grade, the tag with its command links, the same
// finding in other reports (this authority's and others'), and opening that finding.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotations';
import { api } from './helpers';

const VISIT = 'northmere__11-june-2025.txt';
const INSPECTION = 'northmere__14-march-2024.txt';
const TAGGED_START = 'Assessments for children in need still take too long';
const PRINTED_ITEM = 'The timeliness and quality of assessments for children in need.';

function uriOf(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** The commands a link in the Markdown runs, with their decoded argument objects. */
function links(markdown: string): { label: string; command: string; args: Record<string, unknown> }[] {
  const out: { label: string; command: string; args: Record<string, unknown> }[] = [];
  for (const m of markdown.matchAll(/\[((?:\\.|[^\]])*)\]\(command:([\w.]+)\?([^ )]+)/g)) {
    const args = JSON.parse(decodeURIComponent(m[3])) as Record<string, unknown>[];
    out.push({ label: m[1].replace(/\\(.)/g, '$1'), command: m[2], args: args[0] });
  }
  return out;
}

describe('paragraph hover and recurring findings', function () {
  this.timeout(60_000);
  let tag: Annotation | undefined;

  after(async () => {
    if (tag) await vscode.commands.executeCommand('ilacs.removeTag', { uri: uriOf(VISIT), id: tag.id });
  });

  it('shows the paragraph, its tag with command links, and the same finding in the earlier report', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    await vscode.window.showTextDocument(document);
    tag = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', {
      uri: uriOf(VISIT),
      paragraphId: 'main-findings.1',
      criteria: ['hp.assessments', 'hp.drift-delay'],
      assessment: 'area-for-improvement',
    });
    assert.ok(tag, 'tagging returned no annotation');
    const position = document.positionAt(document.getText().indexOf(TAGGED_START) + 5);

    // The other reports are read in the background: hover again until the recurrence shows.
    let text = '';
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
      if (text.includes('ilacs.openFinding')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(text, /`main-findings\.1`/, text);
    assert.match(text, /Main findings/);
    assert.match(text, /\*\*Quality of assessments\*\*, \*\*Drift and delay\*\*/, text);
    assert.match(text, /area for improvement · open/);
    const found = links(text);
    const edit = found.find((l) => l.command === 'ilacs.editTags');
    assert.deepEqual(edit?.args, { uri: document.uri.toString(), id: tag.id });
    assert.deepEqual(found.find((l) => l.command === 'ilacs.tagParagraph')?.args, { uri: document.uri.toString(), paragraphId: 'main-findings.1' });

    const open = found.filter((l) => l.command === 'ilacs.openFinding');
    assert.ok(open.length > 0, `no link to the same finding in another report:\n${text}`);
    assert.match(text, /\*\*Also found in\*\* · first raised 2024/);
    // Each link names the report's full date in its title, with the score.
    assert.match(text, /"16 Feb 2024 · score 0\.\d\d"\)/);
    // Northmere's own reports first; Eastbrook's under other local authorities, named as such.
    const own = open.filter((l) => !l.label.startsWith('Eastbrook, '));
    assert.ok(own.length > 0 && own.every((l) => String(l.args.uri).endsWith(INSPECTION)), `own-authority links: ${own.map((l) => l.label).join(' | ')}`);
    assert.match(text, /\*\*Also in other local authorities\*\*/);
    assert.ok(open.some((l) => l.label.startsWith('Eastbrook, 2023 focused visit')), open.map((l) => l.label).join(' | '));
    assert.ok(found.some((l) => l.command === 'ilacs.findRecurrences' && l.args.paragraphId === 'main-findings.1'));
    const printed = open.find((l) => l.label === '2024 inspection, what needs to improve');
    assert.ok(printed, `no link to the 2024 printed improvement area: ${open.map((l) => l.label).join(' | ')}`);

    // Following the link opens the inspection with the printed item selected.
    await vscode.commands.executeCommand('ilacs.openFinding', printed.args);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor is active after opening the finding');
    assert.ok(editor.document.uri.path.endsWith(INSPECTION), `opened ${editor.document.uri.path}`);
    // The printed item's range, from its bullet to its last character.
    const selected = editor.document.getText(editor.selection);
    assert.ok(selected.endsWith(PRINTED_ITEM) && selected.length <= PRINTED_ITEM.length + 2, `selected ${JSON.stringify(selected)}`);
  });

  it('quotes the sentence of each match that carries the shared finding, not the paragraph\'s opening words', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    await vscode.window.showTextDocument(document);
    const position = document.positionAt(document.getText().indexOf(TAGGED_START) + 5);
    let text = '';
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
      if (text.includes('¶2](command:ilacs.openFinding')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The 2024 inspection's paragraph 2 opens on the finding itself; the quote is that sentence, whole.
    assert.match(text, /2024 inspection ¶2\]\(command:ilacs\.openFinding\?[^)]*\) — “\*Too many assessments for children in need take longer than necessary to complete\\\.\*”/, text);
    // Every match of the authority's own reports quotes one whole sentence, in quotation marks.
    for (const line of text.split('\n').filter((l) => l.startsWith('- [2024 inspection'))) assert.match(line, / — “\*[^”]+\\[.!?]\*”/, line);
  });

  it('names the criteria a recurrence shares with the hovered paragraph', async () => {
    await api();
    const visit = await vscode.workspace.openTextDocument(uriOf(VISIT));
    const made: Annotation[] = [];
    try {
      for (const [name, paragraphId, criteria] of [
        [VISIT, 'main-findings.1', ['hp.assessments', 'hp.drift-delay']],
        [INSPECTION, 'p2', ['hp.assessments']],
      ] as const) {
        const a = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: uriOf(name), paragraphId, criteria: [...criteria] });
        assert.ok(a, `tagging ${name} ${paragraphId} returned no annotation`);
        made.push(a);
      }
      const position = visit.positionAt(visit.getText().indexOf(TAGGED_START) + 5);
      // The index follows the new tags at the next hover; hover until the shared criterion shows.
      let line = '';
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', visit.uri, position));
        line = text.split('\n').find((l) => l.includes('ilacs.openFinding') && l.includes(encodeURIComponent(INSPECTION)) && l.includes('shared:')) ?? '';
        if (line) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(line, /· shared: \*\*Quality of assessments\*\*$/, line);
    } finally {
      for (const [i, a] of made.entries()) await vscode.commands.executeCommand('ilacs.removeTag', { uri: uriOf(i === 0 ? VISIT : INSPECTION), id: a.id });
    }
  });

  it('is quiet about recurrences when nothing recurs', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(uriOf(VISIT));
    const position = document.positionAt(document.getText().indexOf(TAGGED_START) + 5);
    const show = async (): Promise<string> => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    // With the default threshold the finding recurs (the first test); with one nothing reaches, it says nothing of it.
    assert.match(await show(), /Also found in/);
    await vscode.workspace.getConfiguration('ilacs').update('recurrence.threshold', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const text = await show();
      assert.match(text, /`main-findings\.1`/);
      for (const absent of [/Also found in/, /other local authorities/, /ilacs\.openFinding/, /ilacs\.findRecurrences/, /Still reading/]) assert.doesNotMatch(text, absent);
    } finally {
      await vscode.workspace.getConfiguration('ilacs').update('recurrence.threshold', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('shows the section and its grade for a numbered paragraph, and offers to tag it', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(uriOf(INSPECTION));
    const position = document.positionAt(document.getText().indexOf('Too many assessments for children in need'));
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    assert.match(text, /\*\*Paragraph 2\*\* `p2`/);
    assert.match(text, /help and protection: requires improvement to be good/i, 'the section, whose heading states its grade');
    assert.doesNotMatch(text, /\*RI\*/, 'the grade is not repeated after a heading that states it');
    assert.ok(links(text).some((l) => l.command === 'ilacs.tagParagraph' && l.label === 'Tag this paragraph…' && l.args.paragraphId === 'p2'));
  });

  it('registers the recurring-findings command', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('ilacs.showRecurringFindings'));
    assert.ok(commands.includes('ilacs.openFinding'));
    assert.ok(commands.includes('ilacs.findRecurrences'));
  });
});
