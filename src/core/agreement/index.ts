/**
 * Agreement between taggers (moderation): the statistics, the per-paragraph comparison and the
 * moderated tag that settles a difference. Import from here.
 */
export * from './statistics';
export * from './agreement';
export * from './moderation';
