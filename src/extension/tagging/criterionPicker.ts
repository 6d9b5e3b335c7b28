/**
 * The criterion picker: a multi-select QuickPick of the codebook's criteria grouped by judgement
 * area, searchable by label, id, description and keywords. The best keyword matches for the
 * paragraph's text come first, under "Suggested", each with the words that suggest it; then the
 * criteria of the paragraph's own section (its area is the default); then the rest. The criteria
 * already on a tag are ticked.
 */
import * as vscode from 'vscode';
import type { Codebook, Criterion } from '../../core/codebook';
import { findArea, suggestCriteria } from '../../core/codebook';
import type { Paragraph, Report } from '../../core/model';

export interface CriterionItem extends vscode.QuickPickItem {
  /** Criterion id; absent on separators. */
  criterion?: string;
  suggested?: boolean;
}

export interface PickerInput {
  codebook: Codebook;
  report: Report;
  paragraph: Paragraph;
  /** Criteria already on the tag being edited. */
  selected?: readonly string[];
  /** How many suggestions to mark. */
  suggestions: number;
}

/** The judgement area of the paragraph's section, when the section reports on one. */
export function sectionArea(report: Report, paragraph: Paragraph): string | null {
  if (!paragraph.section) return null;
  return report.sections.find((s) => s.id === paragraph.section)?.area ?? null;
}

/**
 * The picker's items: separators per criterion area, the section's default areas first, then the
 * rest in codebook order. Returns the items and those to tick.
 */
export function criterionItems(input: PickerInput): { items: CriterionItem[]; picked: CriterionItem[]; defaultAreas: string[] } {
  const { codebook, report, paragraph } = input;
  const selected = new Set(input.selected ?? []);
  const suggestions = input.suggestions > 0 ? suggestCriteria(paragraph.text, codebook, input.suggestions) : [];
  const suggested = new Map(suggestions.map((s) => [s.id, s.matched]));

  // Criterion areas in codebook order, then any area a criterion names that the codebook lacks.
  const byArea = new Map<string, Criterion[]>();
  for (const a of codebook.areas) byArea.set(a.id, []);
  for (const c of codebook.criteria) {
    if (!byArea.has(c.area)) byArea.set(c.area, []);
    byArea.get(c.area)!.push(c);
  }
  const sectionAreaId = sectionArea(report, paragraph);
  const defaultAreas = sectionAreaId ? (findArea(codebook, sectionAreaId)?.criterionAreas ?? []).filter((id) => byArea.get(id)?.length) : [];
  const order = [...defaultAreas, ...[...byArea.keys()].filter((id) => !defaultAreas.includes(id))];

  const items: CriterionItem[] = [];
  const picked: CriterionItem[] = [];
  // Suggestions first, best first, with their reasons; they are not repeated below.
  const offered = suggestions.map((s) => codebook.criteria.find((c) => c.id === s.id)).filter((c): c is Criterion => c !== undefined);
  if (offered.length) {
    items.push({ label: 'Suggested from the paragraph’s words', kind: vscode.QuickPickItemKind.Separator });
    for (const c of offered) {
      const area = findArea(codebook, c.area)?.label ?? c.area;
      const item: CriterionItem = {
        label: `$(lightbulb) ${c.label}`,
        description: `${c.id} · ${area} · suggested: ${suggested.get(c.id)!.join(', ')}`,
        detail: criterionDetail(c),
        criterion: c.id,
        suggested: true,
        picked: selected.has(c.id),
      };
      items.push(item);
      if (item.picked) picked.push(item);
    }
  }
  const shown = new Set(offered.map((c) => c.id));
  for (const areaId of order) {
    const criteria = (byArea.get(areaId) ?? []).filter((c) => !shown.has(c.id));
    if (criteria.length === 0) continue;
    const areaLabel = findArea(codebook, areaId)?.label ?? areaId;
    items.push({ label: defaultAreas.includes(areaId) ? `${areaLabel} (this section)` : areaLabel, kind: vscode.QuickPickItemKind.Separator });
    for (const c of criteria) {
      const item: CriterionItem = {
        label: c.label,
        description: c.id,
        detail: criterionDetail(c),
        criterion: c.id,
        suggested: false,
        picked: selected.has(c.id),
      };
      items.push(item);
      if (item.picked) picked.push(item);
    }
  }
  return { items, picked, defaultAreas };
}

/** A criterion's line in the picker: its description, then its keywords. */
function criterionDetail(c: Criterion): string {
  return c.keywords.length ? `${c.description} Keywords: ${c.keywords.join(', ')}` : c.description;
}

/**
 * Settles a quick input once: the first of its outcomes (accept, a button, hiding it) resolves the
 * promise and disposes it, whatever fires after. The one place the pickers wire this up.
 */
export function settle<T>(input: vscode.QuickInput, wire: (finish: (value: T) => void) => void, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: T): void => {
      if (done) return;
      done = true;
      resolve(value);
      input.dispose();
    };
    wire(finish);
    input.onDidHide(() => finish(fallback));
    input.show();
  });
}

/**
 * Shows the picker (as a step of a flow when `step` is given). Resolves to the chosen criterion ids
 * (those already on the tag keep their order), or undefined when it is left. Enter with nothing
 * ticked takes the highlighted criterion, which is the best suggestion at first: type, then Enter.
 */
export function pickCriteria(input: PickerInput, title: string, step?: { step: number; totalSteps: number }): Promise<string[] | undefined> {
  const { items, picked } = criterionItems(input);
  const quickPick = vscode.window.createQuickPick<CriterionItem>();
  quickPick.title = title;
  if (step) {
    quickPick.step = step.step;
    quickPick.totalSteps = step.totalSteps;
  }
  quickPick.placeholder = 'Criteria: type to search labels, ids and keywords; Space ticks; Enter takes the ticked ones (or the highlighted one)';
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = items;
  quickPick.selectedItems = picked;
  const first = items.find((i) => i.criterion !== undefined);
  if (first) quickPick.activeItems = [first];
  return settle<string[] | undefined>(
    quickPick,
    (finish) =>
      quickPick.onDidAccept(() => {
        let chosen = quickPick.selectedItems.map((i) => i.criterion).filter((id): id is string => id !== undefined);
        if (chosen.length === 0) chosen = quickPick.activeItems.map((i) => i.criterion).filter((id): id is string => id !== undefined).slice(0, 1);
        if (chosen.length === 0) return;
        const before = (input.selected ?? []).filter((id) => chosen.includes(id));
        finish([...before, ...chosen.filter((id) => !before.includes(id))]);
      }),
    undefined,
  );
}
