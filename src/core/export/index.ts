/**
 * Export and import of findings: the export model and its JSON, CSV and REFI-QDA forms, and the
 * merge of an export back into the annotation store. Pure apart from the file-system interface the
 * store already uses.
 */
export * from './types';
export * from './build';
export * from './json';
export * from './csv';
export * from './qdpx';
export * from './render';
export * from './collect';
export * from './import';
export * from './importLimits';
