/**
 * Recurring findings. `paragraphIndex` finds, for any paragraph, the paragraphs of other reports that
 * make the same finding (text similarity with polarity, raised by shared tags, re-ranked by the
 * semantic layer of `semantic`); `criteria` groups an authority's findings by codebook criterion to
 * list the criteria raised in several reports; `evaluation` measures the ranking on labelled clusters.
 */
export * from './criteria';
export * from './features';
export * from './featureReading';
export * from './paragraphIndex';
export * from './cache';
export * from './semantic';
export * from './evaluation';
