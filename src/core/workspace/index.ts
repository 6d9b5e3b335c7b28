/**
 * The headless workspace layer: finding reports, loading them with their annotations, resolving
 * annotations on the current text, and the Improvement Areas tree. Pure: `src/node/workspace.ts`
 * binds it to Node's file system for the CLI.
 */
export * from './scan';
export * from './resolve';
export * from './tagging';
export * from './improvements';
export * from './load';
