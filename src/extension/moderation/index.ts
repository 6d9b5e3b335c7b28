/**
 * Moderation: blind tagging, Compare Taggers and the Disagreements view. (Setting up git to merge
 * store files needs Node: see ../mergeDriver.ts, registered by the desktop host.)
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerBlindTagging, type BlindTagging } from './blind';
import { registerCompareTaggers, type ModerationController } from './compare';

export interface Moderation extends ModerationController {
  blind: BlindTagging;
}

export function registerModeration(services: Services): vscode.Disposable & { moderation: Moderation } {
  const blind = registerBlindTagging(services);
  const compare = registerCompareTaggers(services);
  const d = vscode.Disposable.from(blind, compare) as vscode.Disposable & { moderation: Moderation };
  d.moderation = { ...compare.moderation, blind: blind.blind };
  return d;
}
