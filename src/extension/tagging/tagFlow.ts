/**
 * Tagging in one flow: criteria (suggestions first, with their reasons), then the assessment, then
 * an optional note, as three steps of one quick input with Back. Escape on the first step tags
 * nothing; Escape on a later step keeps what was chosen so far and tags with it, so a tag is never
 * lost for want of a note.
 */
import * as vscode from 'vscode';
import { ASSESSMENTS, type Assessment } from '../../core/annotations';
import { ASSESSMENT_LABELS } from '../views/labels';
import { pickCriteria, settle, type PickerInput } from './criterionPicker';
import { capitalised } from '../../core/annotations';

export interface TagChoice {
  criteria: string[];
  assessment: Assessment | null;
  note: string;
}

/** The step of a tag flow on screen now (1 to 3), or undefined: for the in-editor tests, which drive the real quick input. */
let currentStep: number | undefined;
export function tagFlowStep(): number | undefined {
  return currentStep;
}

type Outcome<T> = { value: T } | 'back' | 'escape';

const STEPS = 3;

async function criteriaStep(input: PickerInput, title: string, ticked: readonly string[]): Promise<Outcome<string[]>> {
  currentStep = 1;
  const chosen = await pickCriteria({ ...input, selected: ticked }, title, { step: 1, totalSteps: STEPS });
  return chosen ? { value: chosen } : 'escape';
}

interface AssessmentItem extends vscode.QuickPickItem {
  value: Assessment | null;
}

function assessmentStep(title: string, current: Assessment | null | undefined): Promise<Outcome<Assessment | null>> {
  const items: AssessmentItem[] = [
    ...ASSESSMENTS.map((a) => ({ label: capitalised(ASSESSMENT_LABELS[a]), description: a, value: a as Assessment | null })),
    { label: 'No assessment', description: 'none', value: null },
  ];
  const quickPick = vscode.window.createQuickPick<AssessmentItem>();
  quickPick.title = title;
  quickPick.step = 2;
  quickPick.totalSteps = STEPS;
  quickPick.placeholder = 'Assessment of the paragraph (Escape tags without one)';
  quickPick.matchOnDescription = true;
  quickPick.buttons = [vscode.QuickInputButtons.Back];
  quickPick.items = items;
  // Coming Back to this step, the assessment chosen before is highlighted; at first, the first one.
  const active = current === undefined ? undefined : items.find((i) => i.value === current);
  if (active) quickPick.activeItems = [active];
  currentStep = 2;
  return settle<Outcome<Assessment | null>>(
    quickPick,
    (finish) => {
      quickPick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish('back'));
      quickPick.onDidAccept(() => {
        const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        if (picked) finish({ value: picked.value });
      });
    },
    'escape',
  );
}

function noteStep(title: string, current: string): Promise<Outcome<string>> {
  const box = vscode.window.createInputBox();
  box.title = title;
  box.step = 3;
  box.totalSteps = STEPS;
  box.value = current;
  box.placeholder = 'A note for the tag (optional): Enter saves, Escape saves without a note';
  box.buttons = [vscode.QuickInputButtons.Back];
  currentStep = 3;
  return settle<Outcome<string>>(
    box,
    (finish) => {
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish('back'));
      box.onDidAccept(() => finish({ value: box.value.trim() }));
    },
    'escape',
  );
}

/**
 * Runs the flow. Resolves to what was chosen, or undefined when the user left the first step
 * without choosing a criterion.
 */
export async function runTagFlow(input: PickerInput, title: string, initial: Partial<TagChoice> = {}): Promise<TagChoice | undefined> {
  const choice: TagChoice = { criteria: [...(initial.criteria ?? [])], assessment: initial.assessment ?? null, note: initial.note ?? '' };
  /** Whether an assessment has been chosen (or given): only then is it highlighted on coming back. */
  let assessed = initial.assessment !== undefined;
  let step = 1;
  try {
    for (;;) {
      if (step === 1) {
        const r = await criteriaStep(input, title, choice.criteria);
        if (r === 'escape' || r === 'back') return undefined;
        choice.criteria = r.value;
        step = 2;
      } else if (step === 2) {
        const r = await assessmentStep(title, assessed ? choice.assessment : undefined);
        if (r === 'back') step = 1;
        else if (r === 'escape') return choice;
        else {
          choice.assessment = r.value;
          assessed = true;
          step = 3;
        }
      } else {
        const r = await noteStep(title, choice.note);
        if (r === 'back') step = 2;
        else if (r === 'escape') return choice;
        else return { ...choice, note: r.value };
      }
    }
  } finally {
    currentStep = undefined;
  }
}
