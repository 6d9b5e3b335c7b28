export * from './format';
export { CorrectionStore, type CorrectionChange } from './store';
