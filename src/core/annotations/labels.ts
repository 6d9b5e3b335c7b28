/** Assessments and statuses in words, for every place that shows them (views, hover, exports). */
import type { AnnotationStatus, Assessment } from './types';

/** An assessment in words, for running text ("area for improvement"). */
export const ASSESSMENT_WORDS: Record<Assessment, string> = {
  strength: 'strength',
  'area-for-improvement': 'area for improvement',
  'serious-weakness': 'serious weakness',
};

/** A status in words, for running text ("in progress"). */
export const STATUS_WORDS: Record<AnnotationStatus, string> = { open: 'open', 'in-progress': 'in progress', resolved: 'resolved' };

/** Words as a label or name: the first letter capital ("Area for improvement"). */
export function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
