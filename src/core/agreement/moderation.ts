/**
 * Settling a difference between taggers: the agreed tag is written as a tag of its own, by a third
 * author (the moderator, "moderated" unless configured otherwise), on the whole paragraph. The
 * taggers' own tags are never changed, so the figures of the blind round stay as they were and
 * nothing anyone wrote is lost.
 */
import type { Assessment } from '../annotations';
import type { LoadedReport } from '../workspace/load';
import type { AgreementReport, AssessmentValue, AuthorView, ParagraphDisagreement } from './agreement';

export const DEFAULT_MODERATOR = 'moderated';

/** A loaded report as agreement sees it (null when the report cannot be read or its store is broken). */
export function agreementReport(loaded: LoadedReport): AgreementReport | null {
  if (!loaded.report || !loaded.store.ok) return null;
  return {
    file: loaded.file,
    paragraphs: loaded.report.paragraphs,
    tags: loaded.annotations.map((r) => ({
      id: r.annotation.id,
      author: r.annotation.author,
      paragraph: r.anchor?.paragraph ?? null,
      criteria: r.annotation.criteria,
      assessment: r.annotation.assessment,
    })),
  };
}

export type Settlement =
  | { kind: 'accept'; author: string }
  | { kind: 'keep-both' }
  | { kind: 'agreed'; criteria: readonly string[]; assessment: Assessment | null };

export interface ModeratedTag {
  criteria: string[];
  assessment: Assessment | null;
  note: string;
}

const SEVERITY: Record<AssessmentValue, number> = { none: 0, strength: 1, 'area-for-improvement': 2, 'serious-weakness': 3 };

function said(v: AuthorView): string {
  const criteria = v.criteria.length ? v.criteria.join(', ') : 'no criteria';
  return `${v.author}: ${criteria}; ${v.assessment === null ? 'not tagged' : v.assessment === 'none' ? 'no assessment' : v.assessment}`;
}

/**
 * The moderated tag a settlement gives: one side's criteria and assessment; both sides' criteria
 * (and the more serious assessment given); or the criteria and assessment agreed. The note records
 * what each tagger said.
 */
export function moderatedTag(d: ParagraphDisagreement, settlement: Settlement): ModeratedTag {
  const record = d.views.map(said).join(' | ');
  switch (settlement.kind) {
    case 'accept': {
      const view = d.views.find((v) => v.author === settlement.author);
      if (!view) throw new RangeError(`${settlement.author} did not tag ${d.file}`);
      const assessment = view.assessment === null || view.assessment === 'none' ? null : view.assessment;
      return { criteria: [...view.criteria], assessment, note: `Moderated: accepted ${view.author}'s tag. ${record}` };
    }
    case 'keep-both': {
      const criteria = [...new Set(d.views.flatMap((v) => v.criteria))].sort();
      let best: AssessmentValue = 'none';
      for (const v of d.views) if (v.assessment !== null && SEVERITY[v.assessment] > SEVERITY[best]) best = v.assessment;
      return { criteria, assessment: best === 'none' ? null : best, note: `Moderated: kept both. ${record}` };
    }
    case 'agreed':
      return { criteria: [...settlement.criteria], assessment: settlement.assessment, note: `Moderated: agreed tag. ${record}` };
  }
}

/** The moderator's tag on the paragraph, if there is one already. */
export function moderatedTagOn(report: AgreementReport, paragraph: string, moderator: string): string | undefined {
  return report.tags.find((t) => t.author === moderator && t.paragraph === paragraph)?.id;
}
