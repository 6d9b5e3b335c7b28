/**
 * Activation: create the services (nothing is read yet) and register each feature. Every feature
 * is a `register...(services)` function returning a Disposable that ends in
 * `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { registerReportSummary } from './reportSummary';
import { createServices, Services } from './services';

export interface IlacsApi {
  services: Services;
}

export function activate(context: vscode.ExtensionContext): IlacsApi {
  const services = createServices(context);
  context.subscriptions.push(services);
  context.subscriptions.push(registerReportSummary(services));
  // Features register below, one line each.
  return { services };
}

export function deactivate(): void {}
