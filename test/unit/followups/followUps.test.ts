import * as assert from 'node:assert/strict';
import { builtinCodebook } from '../../../src/core/codebook';
import { computeFollowUps, describeLatest, followUpDate, FollowUpIndex, gradedVerdict, verdictEvidence, verdictOf } from '../../../src/core/followups';
import { parseReportText } from '../../../src/core/parser';
import { printedCriteria } from '../../../src/core/workspace/improvements';

// Fictional reports of one invented authority (Marrowby) and one other (Quillford).
const INSPECTION = `Inspection of Marrowby local authority children's services

Inspection dates: 7 to 18 March 2022

What needs to improve?

- The tracking and progress of children in pre-proceedings, so that drift and delay are reduced.
- Manageable caseloads for social workers in the child protection teams.
- The quality of life-story work for children in care.

The experiences and progress of children who need help and protection: inadequate

1. Children in pre-proceedings wait too long because their progress is not tracked.
`;

const VISIT = `Monitoring visit to Marrowby children's services

This letter summarises the findings of the monitoring visit to Marrowby children's services on 10 and 11 January 2023.

Areas covered by the visit

Inspectors reviewed the progress made in pre-proceedings.

Findings and evaluation of progress

Leaders have strengthened the tracking of pre-proceedings through a new panel, and some children now progress more quickly, although drift and delay remain for a few children whose progress is not yet tracked well enough.

Caseloads in the child protection teams remain too high, and social workers told inspectors that they do not have enough time for children.
`;

const REINSPECTION = `Inspection of Marrowby local authority children's services

Inspection dates: 2 to 13 June 2025

What needs to improve?

- Manageable caseloads for social workers in the child protection teams.

The experiences and progress of children in care: good

1. Life-story work for children in care is now strong and effective, and children understand their histories well.

2. The tracking of children in pre-proceedings is effective and timely, and drift and delay have been eliminated.
`;

const OTHER = `Inspection of Quillford local authority children's services

Inspection dates: 1 to 12 May 2024

1. Life-story work for children in care is strong and effective, and children understand their histories well.
`;

function reports() {
  return [
    { file: 'marrowby__2022.txt', text: INSPECTION },
    { file: 'marrowby__2023-monitoring.txt', text: VISIT },
    { file: 'marrowby__2025.txt', text: REINSPECTION },
    { file: 'quillford__2024.txt', text: OTHER },
  ].map(({ file, text }) => ({ file, report: parseReportText(file, text) }));
}

function itemsOf(file: string) {
  const codebook = builtinCodebook();
  const r = reports().find((x) => x.file === file)!.report;
  return r.improvementAreas.map((ia) => ({ key: `printed:${file}#${ia.id}`, report: file, localAuthority: r.localAuthority, text: ia.text, criteria: printedCriteria(ia.text, codebook) }));
}

describe('follow-ups: verdicts', () => {
  const verdict = (...s: string[]) => verdictOf(verdictEvidence(s));
  it('reads praise as improved, a lasting shortfall as not improved, and both as progress', () => {
    assert.equal(verdict('Life-story work is now strong and effective.'), 'improved');
    assert.equal(verdict('Caseloads remain too high.'), 'not-improved');
    assert.equal(verdict('Leaders have strengthened tracking, although drift and delay remain for a few children.'), 'progress');
    assert.equal(verdict('Work to improve supervision has begun but is not yet embedded.'), 'progress');
  });

  it('lets a re-inspection judgement settle progress, and only progress', () => {
    assert.equal(gradedVerdict('progress', 'good'), 'improved');
    assert.equal(gradedVerdict('progress', 'inadequate'), 'not-improved');
    assert.equal(gradedVerdict('progress', 'requires-improvement'), 'progress');
    assert.equal(gradedVerdict('not-improved', 'outstanding'), 'not-improved');
    assert.equal(gradedVerdict('progress', null), 'progress');
  });
});

describe('follow-ups: the model', () => {
  it('dates a report by the parser, else by its file name', () => {
    const r = reports();
    assert.equal(followUpDate('marrowby__2022.txt', r[0].report), '2022-03-18');
    assert.equal(followUpDate('bury-2022-11-news.txt', null), '2022-11');
  });

  it('follows each item through the later reports of the same authority only, oldest first, with a verdict for each', () => {
    const all = computeFollowUps(itemsOf('marrowby__2022.txt'), reports(), builtinCodebook());
    const [pre, caseloads, lifeStory] = [...all.values()];

    assert.deepEqual(pre.reports.map((r) => [r.file, r.verdict]), [
      ['marrowby__2023-monitoring.txt', 'progress'],
      ['marrowby__2025.txt', 'improved'],
    ]);
    assert.equal(describeLatest(pre), '2025 inspection: improved');
    assert.equal(pre.suggestedStatus, 'resolved');
    assert.equal(pre.stillRaised, false);
    assert.ok(pre.followUps.every((f, i, list) => i === 0 || (list[i - 1].date ?? '') <= (f.date ?? '')));

    // Printed again by the re-inspection: raised again, not improved, still raised in the latest report.
    assert.equal(caseloads.latest?.file, 'marrowby__2025.txt');
    assert.equal(caseloads.latest?.verdict, 'not-improved');
    assert.ok(caseloads.followUps.some((f) => f.raisedAgain && f.file === 'marrowby__2025.txt'));
    assert.equal(caseloads.stillRaised, true);
    assert.equal(caseloads.suggestedStatus, 'open');

    // The other authority's praise of life-story work is not a follow-up.
    assert.ok(lifeStory.followUps.every((f) => f.file.startsWith('marrowby')));
    assert.equal(lifeStory.latest?.verdict, 'improved');
  });

  it('gives nothing to an item of the latest report, which is still raised by definition', () => {
    const index = new FollowUpIndex(reports(), builtinCodebook());
    const [item] = itemsOf('marrowby__2025.txt');
    const f = index.followUpsOf(item);
    assert.deepEqual(f.followUps, []);
    assert.equal(f.latest, null);
    assert.equal(f.suggestedStatus, null);
    assert.equal(f.stillRaised, true);
  });

  it('links nothing when no later report speaks of the matter', () => {
    const index = new FollowUpIndex(reports(), builtinCodebook());
    const f = index.followUpsOf({ key: 'k', report: 'marrowby__2022.txt', localAuthority: 'Marrowby', text: 'The sufficiency of foster carers for brothers and sisters.', criteria: [] });
    assert.deepEqual(f.followUps, []);
    assert.equal(f.stillRaised, false);
  });
});
