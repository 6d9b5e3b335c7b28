/**
 * Annotations: the model, the store and re-anchoring. Import from here.
 */
export * from './types';
export * from './format';
export { isPlainSegment, isStorePathOf, legacyStorePathFor, MAX_STORE_PATH_BYTES, MAX_STORE_SEGMENT_BYTES, reportOfStorePath, storePathFor, storeSegment } from './storePaths';
export * from './fileSystem';
export * from './store';
export * from './anchoring';
export * from './paragraphs';
export * from './labels';
export * from './history';
export * from './filter';
export * from './lockedFile';
