/**
 * The ILACS view container: Improvement Areas, Reports and Orphaned Tags, sharing one per-report
 * cache (`ImprovementModel`), plus the welcome buttons' commands (sample reports, walkthrough).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ImprovementModel } from './improvementModel';
import { registerImprovementTree, type ImprovementNode, type ImprovementTreeProvider } from './improvementTree';
import { registerOrphanTree, type OrphanTreeProvider } from './orphanTree';
import { registerReportTree, type ReportNode, type ReportTreeProvider } from './reportTree';
import { addSampleReports } from './samples';

export interface IlacsViews {
  model: ImprovementModel;
  improvements: ImprovementTreeProvider;
  improvementView: vscode.TreeView<ImprovementNode>;
  reports: ReportTreeProvider;
  orphans: OrphanTreeProvider;
}

export function registerViews(services: Services, reportDrops?: vscode.TreeDragAndDropController<ReportNode>): vscode.Disposable & { views: IlacsViews } {
  const model = new ImprovementModel(services);
  const improvements = registerImprovementTree(services, model);
  const reports = registerReportTree(model, reportDrops);
  const orphans = registerOrphanTree(model);
  const setHasReports = (): void => void vscode.commands.executeCommand('setContext', 'ilacs.hasReports', services.index.all().length > 0);
  const d = vscode.Disposable.from(
    improvements,
    reports,
    orphans,
    model,
    model.onDidChange(setHasReports),
    vscode.commands.registerCommand('ilacs.addSampleReports', (options?: { ask?: boolean }) => addSampleReports(services.context.extensionUri, { ask: options?.ask !== false })),
    vscode.commands.registerCommand('ilacs.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${services.context.extension.id}#ilacs.gettingStarted`, false),
    ),
  ) as vscode.Disposable & { views: IlacsViews };
  d.views = { model, improvements: improvements.provider, improvementView: improvements.view, reports: reports.provider, orphans: orphans.provider };
  return d;
}
