/** The codebook: built-in areas and criteria, workspace codebooks, and keyword suggestions. */
export * from './types';
export * from './areas';
export { BUILTIN_CRITERIA, builtinCodebook } from './builtin';
export { CODEBOOK_FILE, DEFAULT_AREA_COLOUR, formatJsonPath, loadCodebook, parseCodebookJson } from './load';
export type { CodebookFileSystem, CodebookResult } from './load';
export { stems, suggestCriteria } from './suggest';
export type { Suggestion } from './suggest';
export { criteriaForArea, findArea, findCriterion } from './query';
