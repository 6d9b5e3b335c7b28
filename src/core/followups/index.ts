/** Follow-ups of improvement areas in later reports of the same authority, with verdicts. */
export * from './verdict';
export * from './followUps';
export * from './board';
