/**
 * Recurring findings. `paragraphIndex` finds, for any paragraph, the paragraphs of other reports that
 * make the same finding (text similarity with polarity, raised by shared tags); `criteria` groups an
 * authority's findings by codebook criterion to list the criteria raised in several reports.
 */
export * from './criteria';
export * from './features';
export * from './paragraphIndex';
export * from './cache';
