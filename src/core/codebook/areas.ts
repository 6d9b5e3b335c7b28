/**
 * Judgement area ids for every framework era, and the built-in area records.
 *
 * ILACS (2018 on): `overall-effectiveness`, `impact-of-leaders`, `help-and-protection`,
 * `children-in-care-and-care-leavers` (one combined judgement, 2018 to 2022), `children-in-care`
 * and `care-leavers` (judged separately from 2023).
 * SIF (2013 to 2017): `sif-overall-effectiveness`, `sif-help-and-protection`,
 * `sif-looked-after-and-permanence`, `sif-adoption`, `sif-care-leavers`, `sif-leadership`, `sif-lscb`.
 * SLAC (2009 to 2013): `slac-safeguarding-<judgement>` and `slac-looked-after-<judgement>` for each
 * of the eight SLAC judgements in `SLAC_JUDGEMENTS`.
 *
 * Criteria sit under the four ILACS criterion areas (`CRITERION_AREA_IDS`); every other area lists,
 * in `criterionAreas`, which of those its paragraphs are tagged against.
 */
import type { JudgementArea } from './types';

export const ILACS_AREA_IDS = [
  'help-and-protection',
  'children-in-care-and-care-leavers',
  'children-in-care',
  'care-leavers',
  'impact-of-leaders',
  'overall-effectiveness',
] as const;

export const SIF_AREA_IDS = [
  'sif-overall-effectiveness',
  'sif-help-and-protection',
  'sif-looked-after-and-permanence',
  'sif-adoption',
  'sif-care-leavers',
  'sif-leadership',
  'sif-lscb',
] as const;

/**
 * The SLAC judgements, each given for safeguarding and for looked after children: the eight
 * headline judgements, then the graded outcome rows and sub-judgements reports print under them
 * (ids are the parser's: a slug of the printed label).
 */
export const SLAC_JUDGEMENTS = [
  'overall-effectiveness',
  'capacity-for-improvement',
  'outcomes',
  'quality-of-provision',
  'ambition-and-prioritisation',
  'leadership-and-management',
  'partnership-working',
  'equality-and-diversity',
  'performance-management-and-quality-assurance',
  'children-and-young-people-are-safe-and-feel-safe',
  'the-contribution-of-health-agencies-to-keeping-children-and-young-people-safe',
  'being-healthy',
  'staying-safe',
  'enjoying-and-achieving',
  'making-a-positive-contribution-including-user-engagement',
  'economic-well-being',
] as const;

export type SlacJudgement = (typeof SLAC_JUDGEMENTS)[number];

export const SLAC_AREA_IDS = [
  ...SLAC_JUDGEMENTS.map((j) => `slac-safeguarding-${j}` as const),
  ...SLAC_JUDGEMENTS.map((j) => `slac-looked-after-${j}` as const),
];

/** The areas criteria are filed under. */
export const CRITERION_AREA_IDS = ['help-and-protection', 'children-in-care', 'care-leavers', 'impact-of-leaders'] as const;

/** Every built-in judgement area id: ILACS (in the order reports discuss them), then SIF, then SLAC. */
export const JUDGEMENT_AREA_IDS: readonly string[] = [...ILACS_AREA_IDS, ...SIF_AREA_IDS, ...SLAC_AREA_IDS];

/** Area colours (an Okabe-Ito palette, distinguishable with the common colour-vision deficiencies). */
export const AREA_COLOURS = {
  'help-and-protection': '#e69f00',
  'children-in-care': '#0072b2',
  'care-leavers': '#009e73',
  'impact-of-leaders': '#cc79a7',
  'children-in-care-and-care-leavers': '#56b4e9',
  'overall-effectiveness': '#7f7f7f',
} as const;

const ALL_CRITERION_AREAS = [...CRITERION_AREA_IDS];

function area(a: JudgementArea): JudgementArea {
  return a;
}

const ILACS_AREAS: JudgementArea[] = [
  area({
    id: 'help-and-protection',
    label: 'Help and protection',
    printed: 'The experiences and progress of children who need help and protection',
    framework: 'ilacs',
    from: 2018,
    colour: AREA_COLOURS['help-and-protection'],
    description: 'Early help, the front door, child protection, children in need and pre-proceedings.',
    criterionAreas: ['help-and-protection'],
  }),
  area({
    id: 'children-in-care-and-care-leavers',
    label: 'Children in care and care leavers',
    printed: 'The experiences and progress of children in care and care leavers',
    framework: 'ilacs',
    from: 2018,
    to: 2022,
    colour: AREA_COLOURS['children-in-care-and-care-leavers'],
    description: 'The combined judgement used until the end of 2022; tagged with children in care and care leaver criteria.',
    criterionAreas: ['children-in-care', 'care-leavers'],
  }),
  area({
    id: 'children-in-care',
    label: 'Children in care',
    printed: 'The experiences and progress of children in care',
    framework: 'ilacs',
    from: 2023,
    colour: AREA_COLOURS['children-in-care'],
    description: 'Entry to care, permanence, placements, reviews, health, education and fostering.',
    criterionAreas: ['children-in-care'],
  }),
  area({
    id: 'care-leavers',
    label: 'Care leavers',
    printed: 'The experiences and progress of care leavers',
    framework: 'ilacs',
    from: 2023,
    colour: AREA_COLOURS['care-leavers'],
    description: 'Personal advisers, pathway plans, accommodation, health, education and work, and the local offer.',
    criterionAreas: ['care-leavers'],
  }),
  area({
    id: 'impact-of-leaders',
    label: 'Impact of leaders',
    printed: 'The impact of leaders on social work practice with children and families',
    framework: 'ilacs',
    from: 2018,
    colour: AREA_COLOURS['impact-of-leaders'],
    description: 'How well leaders know, shape and support frontline practice, the workforce and partnerships.',
    criterionAreas: ['impact-of-leaders'],
  }),
  area({
    id: 'overall-effectiveness',
    label: 'Overall effectiveness',
    printed: 'Overall effectiveness',
    framework: 'ilacs',
    from: 2018,
    to: 2026,
    colour: AREA_COLOURS['overall-effectiveness'],
    description: 'The headline grade for the whole service; no longer given from April 2026.',
    criterionAreas: ALL_CRITERION_AREAS,
  }),
];

const SIF_AREAS: JudgementArea[] = [
  ['sif-overall-effectiveness', 'SIF overall effectiveness', 'Overall effectiveness', AREA_COLOURS['overall-effectiveness'], ALL_CRITERION_AREAS, 'The headline SIF grade.'],
  ['sif-help-and-protection', 'SIF help and protection', 'Children who need help and protection', AREA_COLOURS['help-and-protection'], ['help-and-protection'], 'SIF judgement 1.'],
  ['sif-looked-after-and-permanence', 'SIF looked after and permanence', 'Children looked after and achieving permanence', AREA_COLOURS['children-in-care'], ['children-in-care', 'care-leavers'], 'SIF judgement 2, which also covered adoption and care leavers.'],
  ['sif-adoption', 'SIF adoption performance', 'Adoption performance', AREA_COLOURS['children-in-care'], ['children-in-care'], 'SIF sub-judgement 2.1.'],
  ['sif-care-leavers', 'SIF care leavers', 'Experiences and progress of care leavers', AREA_COLOURS['care-leavers'], ['care-leavers'], 'SIF sub-judgement 2.2.'],
  ['sif-leadership', 'SIF leadership', 'Leadership, management and governance', AREA_COLOURS['impact-of-leaders'], ['impact-of-leaders'], 'SIF judgement 3.'],
  ['sif-lscb', 'LSCB review', 'The Local Safeguarding Children Board', AREA_COLOURS['impact-of-leaders'], ['impact-of-leaders'], 'The separate SIF review of the Local Safeguarding Children Board.'],
].map(([id, label, printed, colour, criterionAreas, description]) =>
  area({
    id: id as string,
    label: label as string,
    printed: printed as string,
    framework: 'sif',
    from: 2013,
    to: 2017,
    colour: colour as string,
    description: description as string,
    criterionAreas: [...(criterionAreas as readonly string[])],
  }),
);

const SLAC_LABELS: Record<SlacJudgement, string> = {
  'overall-effectiveness': 'Overall effectiveness',
  'capacity-for-improvement': 'Capacity for improvement',
  outcomes: 'Outcomes for children and young people',
  'quality-of-provision': 'Quality of provision',
  'ambition-and-prioritisation': 'Ambition and prioritisation',
  'leadership-and-management': 'Leadership and management',
  'partnership-working': 'Partnership working',
  'equality-and-diversity': 'Equality and diversity',
  'performance-management-and-quality-assurance': 'Performance management and quality assurance',
  'children-and-young-people-are-safe-and-feel-safe': 'Children and young people are safe and feel safe',
  'the-contribution-of-health-agencies-to-keeping-children-and-young-people-safe': 'The contribution of health agencies to keeping children and young people safe',
  'being-healthy': 'Being healthy',
  'staying-safe': 'Staying safe',
  'enjoying-and-achieving': 'Enjoying and achieving',
  'making-a-positive-contribution-including-user-engagement': 'Making a positive contribution, including user engagement',
  'economic-well-being': 'Economic well-being',
};

/** Which ILACS criterion areas a SLAC judgement's paragraphs are tagged against. */
function slacCriterionAreas(strand: 'safeguarding' | 'looked-after', j: SlacJudgement): string[] {
  const practice = strand === 'safeguarding' ? ['help-and-protection'] : ['children-in-care', 'care-leavers'];
  switch (j) {
    case 'outcomes':
    case 'quality-of-provision':
    case 'children-and-young-people-are-safe-and-feel-safe':
    case 'the-contribution-of-health-agencies-to-keeping-children-and-young-people-safe':
    case 'being-healthy':
    case 'staying-safe':
    case 'enjoying-and-achieving':
    case 'making-a-positive-contribution-including-user-engagement':
    case 'economic-well-being':
      return practice;
    case 'overall-effectiveness':
    case 'equality-and-diversity':
      return [...practice, 'impact-of-leaders'];
    default:
      return ['impact-of-leaders'];
  }
}

const SLAC_AREAS: JudgementArea[] = (['safeguarding', 'looked-after'] as const).flatMap((strand) =>
  SLAC_JUDGEMENTS.map((j) =>
    area({
      id: `slac-${strand}-${j}`,
      label: `SLAC ${strand === 'safeguarding' ? 'safeguarding' : 'looked after'}: ${SLAC_LABELS[j].toLowerCase()}`,
      printed: SLAC_LABELS[j],
      framework: 'slac',
      from: 2009,
      to: 2013,
      colour: strand === 'safeguarding' ? AREA_COLOURS['help-and-protection'] : AREA_COLOURS['children-in-care'],
      description:
        strand === 'safeguarding'
          ? `SLAC safeguarding services judgement: ${SLAC_LABELS[j].toLowerCase()}.`
          : `SLAC services for looked after children judgement: ${SLAC_LABELS[j].toLowerCase()}.`,
      criterionAreas: slacCriterionAreas(strand, j),
    }),
  ),
);

export const BUILTIN_AREAS: readonly JudgementArea[] = [...ILACS_AREAS, ...SIF_AREAS, ...SLAC_AREAS];
