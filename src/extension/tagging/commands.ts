/**
 * The tagging commands. Each works on the active editor by default and takes an optional argument
 * object (the CodeLens, the status bar and tests pass one) so it can run without any prompt. Each
 * returns the annotation(s) it affected, or undefined when the user cancelled or nothing could be done
 * (the reason is shown as a message).
 */
import * as vscode from 'vscode';
import { revealInReport } from '../reveal';
import { ASSESSMENT_LABELS, STATUS_WORDS } from '../views/labels';
import type { Annotation, AnnotationStatus, Assessment } from '../../core/annotations';
import { ASSESSMENTS, STATUSES, capitalised, createSelectors } from '../../core/annotations';
import { findCriterion, type Codebook } from '../../core/codebook';
import type { AnchoredAnnotation } from '../annotationService';
import { currentAuthor, type Services } from '../services';
import { readSettings } from '../settings';
import { pickCriteria } from './criterionPicker';
import { runTagFlow, type TagChoice } from './tagFlow';
import { ReportTarget, TaggingError, paragraphAt, reportTarget, tagsAtCursor, textTarget } from './target';

export const COMMANDS = {
  tagParagraph: 'ilacs.tagParagraph',
  editTags: 'ilacs.editTags',
  removeTag: 'ilacs.removeTag',
  setAssessment: 'ilacs.setAssessment',
  setStatus: 'ilacs.setStatus',
  addNote: 'ilacs.addNote',
  reattachOrphan: 'ilacs.reattachOrphan',
  showTags: 'ilacs.showTags',
  tagLikeLast: 'ilacs.tagLikeLast',
  undo: 'ilacs.undoTagChange',
  redo: 'ilacs.redoTagChange',
} as const;

/** Arguments every command accepts; all optional. */
export interface TagCommandArgs {
  /** The report (a URI or its string form); default the active editor's document. */
  uri?: vscode.Uri | string;
  /** The annotation to act on; default: chosen among the tags at the cursor. */
  id?: string;
  /** Paragraph id or printed number to tag or re-attach to; default the selection or the cursor's paragraph. */
  paragraphId?: string;
  criteria?: string[];
  assessment?: Assessment | null;
  status?: AnnotationStatus;
  note?: string;
}

/** A criterion as a person reads it: its label in the codebook, else its id. */
export function criterionLabel(id: string, codebook?: Codebook): string {
  return (codebook && findCriterion(codebook, id)?.label) || id;
}

/** One line describing a tag for a person: criteria (labels when a codebook is given), assessment and status. */
export function tagSummary(a: Annotation, codebook?: Codebook): string {
  const parts = [a.criteria.length ? a.criteria.map((id) => criterionLabel(id, codebook)).join(', ') : '(no criteria)'];
  if (a.assessment) parts.push(ASSESSMENT_LABELS[a.assessment]);
  parts.push(STATUS_WORDS[a.status]);
  return parts.join(' · ');
}

function quoteOf(a: Annotation, max = 80): string {
  const q = a.selectors.quote.exact.replace(/\s+/g, ' ').trim();
  return q.length > max ? `${q.slice(0, max - 1)}…` : q;
}

/** Normalises what VS Code passes: nothing, our argument object, or a URI (explorer/editor title menus). */
function argsOf(raw: unknown): TagCommandArgs {
  if (raw instanceof vscode.Uri) return { uri: raw };
  if (raw && typeof raw === 'object') return raw as TagCommandArgs;
  return {};
}

/** The one criteria check (the session's, as `ilacs tag` makes it): unknown ids are named with the nearest ones. */
async function validateCriteria(services: Services, target: ReportTarget, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) throw new TaggingError('A tag needs at least one criterion.');
  // Also shows the codebook's problems, if it has any, in the Problems panel.
  await services.codebooks.codebookFor(target.document.uri);
  const found = await services.sessions.of(target.key.folder).findCriteria(ids);
  if (!found.ok) throw new TaggingError(found.messages.map((m) => m.charAt(0).toUpperCase() + m.slice(1)).join('. ') + '.');
  return found.criteria.map((c) => c.id);
}

/** The tag to act on: `args.id`, else the only tag at the cursor, else one the user picks. */
async function chooseTag(services: Services, target: ReportTarget, args: TagCommandArgs, purpose: string, filter?: (a: AnchoredAnnotation) => boolean): Promise<AnchoredAnnotation | undefined> {
  const anchored = await services.annotations.anchored(target.document);
  if (args.id !== undefined) {
    const found = anchored.find((a) => a.annotation.id === args.id);
    if (!found) throw new TaggingError(`${target.key.report} has no tag with id "${args.id}" (it may have been removed in another window).`);
    return found;
  }
  const eligible = filter ? anchored.filter(filter) : anchored;
  if (eligible.length === 0) throw new TaggingError(`${target.key.report} has no tags to ${purpose}.`);
  const atCursor = tagsAtCursor(target, eligible);
  if (atCursor.length === 1) return atCursor[0];
  const candidates = atCursor.length ? atCursor : eligible;
  const codebook = await services.codebooks.codebookFor(target.document.uri);
  const picked = await vscode.window.showQuickPick(
    candidates.map((a) => ({
      label: tagSummary(a.annotation, codebook),
      description: a.orphaned ? 'orphan: its text is no longer in the report' : `${a.annotation.paragraph}, line ${(a.range?.start.line ?? 0) + 1}`,
      detail: quoteOf(a.annotation),
      a,
    })),
    { title: `Choose the tag to ${purpose}`, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.a;
}

/** What the last tag made in this window was, for "Tag Like the Last One". */
let lastChoice: TagChoice | undefined;

async function tagParagraph(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const text = textTarget(target, args.paragraphId);
  let choice: TagChoice;
  const where = text.paragraph.number !== null ? `paragraph ${text.paragraph.number}` : text.paragraph.id;
  if (args.criteria !== undefined) {
    choice = { criteria: await validateCriteria(services, target, args.criteria), assessment: args.assessment ?? null, note: args.note ?? '' };
  } else {
    const codebook = await services.codebooks.codebookFor(target.document.uri);
    const flow = await runTagFlow(
      { codebook, report: target.report, paragraph: text.paragraph, suggestions: readSettings(target.document.uri).pickerSuggestions },
      `Tag ${where}`,
      { assessment: args.assessment, note: args.note },
    );
    if (!flow) return undefined;
    if (flow.criteria.length === 0) throw new TaggingError('No criterion chosen: nothing was tagged.');
    choice = flow;
  }
  lastChoice = choice;
  return services.annotations.add(
    target.document,
    text.start,
    text.end,
    {
      paragraph: text.paragraph.id,
      criteria: choice.criteria,
      assessment: choice.assessment,
      status: args.status ?? 'open',
      note: choice.note,
      author: await currentAuthor(target.document.uri),
    },
    `Tag ${where}`,
  );
}

/** Tags the paragraph at the cursor with the criteria and assessment of the last tag made (for runs of similar paragraphs). */
async function tagLikeLast(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  if (!lastChoice) throw new TaggingError('No tag has been made in this window yet: tag one paragraph first, then repeat it on the next.');
  return tagParagraph(services, { ...args, criteria: lastChoice.criteria, assessment: lastChoice.assessment, note: '' });
}

async function editTags(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const tag = await chooseTag(services, target, args, 'edit');
  if (!tag) return undefined;
  let criteria: string[] | undefined;
  if (args.criteria !== undefined) {
    criteria = await validateCriteria(services, target, args.criteria);
  } else {
    const codebook = await services.codebooks.codebookFor(target.document.uri);
    const paragraph =
      target.report.paragraphs.find((p) => p.id === tag.annotation.paragraph) ??
      (tag.range ? paragraphAt(target.report, tag.range.start) : undefined) ??
      target.report.paragraphs[0];
    criteria = await pickCriteria(
      { codebook, report: target.report, paragraph, selected: tag.annotation.criteria, suggestions: readSettings(target.document.uri).pickerSuggestions },
      'Edit the criteria of this tag',
    );
    if (!criteria) return undefined;
    if (criteria.length === 0) throw new TaggingError('A tag needs at least one criterion: to take the tag off, use "ILACS: Remove Tag".');
  }
  return services.annotations.update(target.key, tag.annotation.id, { criteria }, 'Edit tag criteria');
}

async function removeTag(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const codebook = await services.codebooks.codebookFor(target.document.uri);
  let tags: AnchoredAnnotation[];
  if (args.id !== undefined) {
    const tag = await chooseTag(services, target, args, 'remove');
    if (!tag) return undefined;
    tags = [tag];
  } else {
    const anchored = await services.annotations.anchored(target.document);
    if (anchored.length === 0) throw new TaggingError(`${target.key.report} has no tags to remove.`);
    const atCursor = tagsAtCursor(target, anchored);
    const candidates = atCursor.length ? atCursor : anchored;
    if (candidates.length === 1) tags = candidates;
    else {
      const picked = await vscode.window.showQuickPick(
        candidates.map((a) => ({ label: tagSummary(a.annotation, codebook), description: a.orphaned ? 'orphan' : `${a.annotation.paragraph}, line ${(a.range?.start.line ?? 0) + 1}`, detail: quoteOf(a.annotation), a })),
        { title: 'Choose the tags to remove', canPickMany: true, matchOnDescription: true, matchOnDetail: true },
      );
      if (!picked || picked.length === 0) return undefined;
      tags = picked.map((p) => p.a);
    }
    const what = tags.length === 1 ? `the tag ${tagSummary(tags[0].annotation, codebook)} on "${quoteOf(tags[0].annotation, 60)}"` : `${tags.length} tags`;
    const notes = tags.filter((t) => t.annotation.note).length;
    const answer = await vscode.window.showWarningMessage(
      `Remove ${what}?`,
      { modal: true, detail: notes ? `${notes === 1 && tags.length === 1 ? 'Its note' : `${notes} note${notes === 1 ? '' : 's'}`} will go too. You can undo this with "ILACS: Undo Last Tag Change".` : 'You can undo this with "ILACS: Undo Last Tag Change".' },
      'Remove',
    );
    if (answer !== 'Remove') return undefined;
  }
  const label = tags.length === 1 ? `Remove tag ${tagSummary(tags[0].annotation, codebook)}` : `Remove ${tags.length} tags`;
  let removed = 0;
  await services.annotations.grouped(label, async () => {
    for (const t of tags) if (await services.annotations.remove(target.key, t.annotation.id, label)) removed++;
  });
  if (removed === 0) return undefined;
  void vscode.window.showInformationMessage(`${removed === 1 ? 'Removed the tag' : `Removed ${removed} tags`} from ${target.key.report}.`, 'Undo').then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand(COMMANDS.undo);
  });
  return tags[0].annotation;
}

/**
 * A value given as a command argument (checked: `names` are the accepted spellings), else chosen
 * from a list with the current one marked. Undefined when the user cancels the list.
 */
async function givenOrPicked<T>(given: T | undefined, options: { value: T; label: string }[], names: readonly string[], current: T, what: string, title: string): Promise<{ value: T } | undefined> {
  if (given !== undefined) {
    if (!options.some((o) => o.value === given)) throw new TaggingError(`Unknown ${what} "${String(given)}": use ${names.join(', ')}.`);
    return { value: given };
  }
  const picked = await vscode.window.showQuickPick(
    options.map((o) => ({ label: o.label, value: o.value, description: [o.value === null ? 'none' : String(o.value), o.value === current ? 'current' : ''].filter(Boolean).join(' · ') })),
    { title, matchOnDescription: true },
  );
  return picked ? { value: picked.value } : undefined;
}

async function setAssessment(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const tag = await chooseTag(services, target, args, 'assess');
  if (!tag) return undefined;
  const options: { value: Assessment | null; label: string }[] = [...ASSESSMENTS.map((a) => ({ value: a, label: capitalised(ASSESSMENT_LABELS[a]) })), { value: null, label: 'No assessment' }];
  const chosen = await givenOrPicked(args.assessment, options, ASSESSMENTS, tag.annotation.assessment, 'assessment', `Assessment for ${tagSummary(tag.annotation)}`);
  if (!chosen) return undefined;
  return services.annotations.update(target.key, tag.annotation.id, { assessment: chosen.value }, 'Set tag assessment');
}

async function setStatus(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const tag = await chooseTag(services, target, args, 'set the status of');
  if (!tag) return undefined;
  const options = STATUSES.map((s) => ({ value: s as AnnotationStatus, label: capitalised(STATUS_WORDS[s]) }));
  const chosen = await givenOrPicked(args.status, options, STATUSES, tag.annotation.status, 'status', `Status of ${tagSummary(tag.annotation)}`);
  if (!chosen) return undefined;
  return services.annotations.update(target.key, tag.annotation.id, { status: chosen.value }, 'Set tag status');
}

async function addNote(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const tag = await chooseTag(services, target, args, 'annotate');
  if (!tag) return undefined;
  let note = args.note;
  if (note === undefined) {
    note = await vscode.window.showInputBox({
      title: `Note on ${tagSummary(tag.annotation)}`,
      prompt: 'An empty note clears it.',
      value: tag.annotation.note,
    });
    if (note === undefined) return undefined;
  }
  return services.annotations.update(target.key, tag.annotation.id, { note: note.trim() }, 'Edit tag note');
}

async function reattachOrphan(services: Services, args: TagCommandArgs): Promise<Annotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const tag = await chooseTag(services, target, args, 're-attach', (a) => a.orphaned);
  if (!tag) return undefined;
  const text = textTarget(target, args.paragraphId);
  return services.annotations.update(target.key, tag.annotation.id, {
    paragraph: text.paragraph.id,
    selectors: createSelectors(target.document.getText(), text.start, text.end),
  });
}

/** A quick pick of every tag of the report; choosing one shows it in the editor. */
async function showTags(services: Services, args: TagCommandArgs): Promise<AnchoredAnnotation | undefined> {
  const target = await reportTarget(services, args.uri);
  const anchored = await services.annotations.anchored(target.document);
  if (anchored.length === 0) {
    void vscode.window.showInformationMessage(`${target.key.report} has no tags yet. Put the cursor in a paragraph and run "ILACS: Tag Paragraph or Selection".`);
    return undefined;
  }
  const sorted = [...anchored].sort((a, b) => (a.orphaned ? 1 : 0) - (b.orphaned ? 1 : 0) || a.start - b.start);
  const codebook = await services.codebooks.codebookFor(target.document.uri);
  const picked = await vscode.window.showQuickPick(
    sorted.map((a) => ({
      label: `${a.orphaned ? '$(warning) ' : ''}${tagSummary(a.annotation, codebook)}`,
      description: a.orphaned ? 'orphan: run "ILACS: Re-attach Orphaned Tag"' : `${a.annotation.paragraph}, line ${(a.range?.start.line ?? 0) + 1}`,
      detail: a.annotation.note ? `${quoteOf(a.annotation)} — ${a.annotation.note}` : quoteOf(a.annotation),
      a,
    })),
    { title: `Tags in ${target.key.report}`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  if (picked.a.range) await revealInReport(target.document, picked.a.range, { cursorOnly: true });
  return picked.a;
}

/** Takes back (or makes again) the latest tag or status change made in this window. */
async function undoOrRedo(services: Services, direction: 'undo' | 'redo'): Promise<string | undefined> {
  const done = await services.annotations.undoOrRedo(direction);
  if (!done) {
    void vscode.window.showInformationMessage(direction === 'undo' ? 'No tag change to undo in this window.' : 'No undone tag change to redo.');
    return undefined;
  }
  const skipped = done.skipped ? ` (${done.skipped} change${done.skipped === 1 ? '' : 's'} no longer applied: the tag was changed elsewhere)` : '';
  void vscode.window.setStatusBarMessage(`${direction === 'undo' ? 'Undid' : 'Redid'}: ${done.label}${skipped}`, 5000);
  return done.label;
}

type Handler<T> = (services: Services, args: TagCommandArgs) => Promise<T | undefined>;

function register<T>(services: Services, id: string, handler: Handler<T>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (raw?: unknown) => {
    try {
      return await handler(services, argsOf(raw));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof TaggingError)) services.log.error(`${id}: ${err instanceof Error && err.stack ? err.stack : message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  });
}

export function registerTaggingCommands(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    register(services, COMMANDS.tagParagraph, tagParagraph),
    register(services, COMMANDS.editTags, editTags),
    register(services, COMMANDS.removeTag, removeTag),
    register(services, COMMANDS.setAssessment, setAssessment),
    register(services, COMMANDS.setStatus, setStatus),
    register(services, COMMANDS.addNote, addNote),
    register(services, COMMANDS.reattachOrphan, reattachOrphan),
    register(services, COMMANDS.showTags, showTags),
    register(services, COMMANDS.tagLikeLast, tagLikeLast),
    register(services, COMMANDS.undo, () => undoOrRedo(services, 'undo')),
    register(services, COMMANDS.redo, () => undoOrRedo(services, 'redo')),
  );
}
