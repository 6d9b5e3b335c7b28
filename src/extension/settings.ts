/**
 * The extension's settings (`contributes.configuration` in package.json), read with their types
 * and defaults in one place. Read on use, so a change takes effect without a reload.
 */
import * as vscode from 'vscode';
import { DEFAULT_THRESHOLD } from '../core/recurrence/paragraphIndex';

export const SETTINGS_SECTION = 'ilacs';

/** A score setting held to 0..1 (a value that is not a number falls back to the default). */
function clampScore(value: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : DEFAULT_THRESHOLD;
}

export interface IlacsSettings {
  /** Name recorded on new tags; empty means git's user.name, else the OS user. */
  author: string;
  /** CodeLens lines above tagged paragraphs. */
  codeLensEnabled: boolean;
  /** A "Tag…" CodeLens above each numbered paragraph that has no tag yet. */
  codeLensTagAction: boolean;
  /** Colour bars beside tagged text in the editor. */
  decorationsEnabled: boolean;
  /** How many keyword suggestions the criterion picker marks. */
  pickerSuggestions: number;
  /** Lowest score at which a paragraph of another report counts as the same finding. */
  recurrenceThreshold: number;
  /** Whether recurring findings include reports about other local authorities. */
  recurrenceOtherAuthorities: boolean;
  /** Blind tagging: show only the current author's tags. */
  blindTagging: boolean;
  /** Author recorded on tags that settle a disagreement between taggers. */
  moderator: string;
}

export function readSettings(scope?: vscode.ConfigurationScope): IlacsSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return {
    author: c.get<string>('author', '').trim(),
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true),
    codeLensTagAction: c.get<boolean>('codeLens.tagAction', true),
    decorationsEnabled: c.get<boolean>('decorations.enabled', true),
    pickerSuggestions: Math.max(0, Math.min(20, Math.floor(c.get<number>('picker.suggestions', 3)))),
    recurrenceThreshold: clampScore(c.get<number>('recurrence.threshold', DEFAULT_THRESHOLD)),
    recurrenceOtherAuthorities: c.get<boolean>('recurrence.includeOtherAuthorities', true),
    blindTagging: c.get<boolean>('blindTagging.enabled', false),
    moderator: c.get<string>('moderation.author', 'moderated').trim() || 'moderated',
  };
}

/** Whether a configuration change touches one of the given settings (names without the `ilacs.` prefix). */
export function affects(e: vscode.ConfigurationChangeEvent, ...names: string[]): boolean {
  return names.some((n) => e.affectsConfiguration(`${SETTINGS_SECTION}.${n}`));
}
