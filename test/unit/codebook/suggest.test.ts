import * as assert from 'node:assert/strict';
import { builtinCodebook, stems, suggestCriteria, type Codebook } from '../../../src/core/codebook';

const codebook = builtinCodebook();
const top = (text: string, n = 1) => suggestCriteria(text, codebook, n).map((s) => s.id);

describe('keyword suggestions', () => {
  it('normalises case, apostrophes, hyphens and simple plurals', () => {
    assert.deepEqual(stems('Children’s Pathway-Plans and ENQUIRIES'), ['children', 'pathway', 'plan', 'and', 'enquiry']);
    assert.deepEqual(stems("the child's voice"), stems('The child’s voices'));
    assert.deepEqual(stems(''), []);
  });

  // Printed "What needs to improve?" items from published ILACS reports (shared sample corpus).
  const realItems: [string, string][] = [
    ['The pace of improvements for children who are made subject to Public Law Outline (PLO) pre-proceedings.', 'hp.pre-proceedings'],
    ['Practice relating to securing or dispensing with parental consent during child protection investigations.', 'hp.thresholds-consent'],
    ['The timeliness of the discharge of care orders for children living at home with their parents.', 'cic.at-home-care-orders'],
    ['The provision of information for care leavers about their entitlements and health histories.', 'cl.health'],
    ['The quality and impact of recorded supervision and management oversight of decisions.', 'lead.supervision'],
    ['The effectiveness of child protection conference chairs in responding to escalating risks and identifying when plans are not working.', 'hp.conferences'],
    ['Permanence planning for children.', 'cic.permanence'],
    ['The quality and timeliness of life-story work.', 'cic.identity-life-story'],
    ['The identification of young carers and the quality of support provided to them.', 'hp.young-carers'],
    ['The welfare of children who are missing education or who are home educated is safeguarded', 'hp.missing-education'],
    ['The support to care leavers who are closed to the service and those who are not in education, employment or training.', 'cl.eet'],
    ['Services for 16- and 17-year-olds who present as homeless.', 'hp.homeless-16-17'],
    ['The coordination of private fostering support.', 'hp.private-fostering'],
    ['The quality and effectiveness of management oversight of contacts, referrals and assessments in the ‘front door’.', 'lead.supervision'],
    ['The response to neglect and domestic abuse to ensure child-focused practice which measures impact.', 'hp.neglect-domestic-abuse'],
  ];
  for (const [text, expected] of realItems) {
    it(`links "${text.slice(0, 60)}..." to ${expected}`, () => {
      assert.ok(top(text, 3).includes(expected), `top three: ${JSON.stringify(suggestCriteria(text, codebook, 3))}`);
    });
  }

  it('ranks the most specific criterion first', () => {
    assert.equal(top('Keeping in touch with care leavers and ensuring that pathway plans are up to date.', 2).sort().join(), 'cl.in-touch,cl.pathway-plans');
    assert.equal(top('The quality of pathway plans for care leavers.')[0], 'cl.pathway-plans');
    assert.equal(top('Social workers have manageable caseloads, so they can complete assessments.', 1)[0], 'lead.caseloads');
    assert.deepEqual(top('Caseloads in the assessment teams are too high.', 2).sort(), ['hp.assessments', 'lead.caseloads']);
  });

  it('says which keywords matched, and orders by score then codebook order', () => {
    const [first] = suggestCriteria('Strategy discussions are not always held when needed.', codebook);
    assert.equal(first.id, 'hp.strategy-meetings');
    assert.deepEqual(first.matched, ['strategy discussion']);
    const all = suggestCriteria('assessment and supervision and permanence', codebook);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].score >= all[i].score);
  });

  it('returns nothing for text without keywords, and respects the limit', () => {
    assert.deepEqual(suggestCriteria('The weather was pleasant.', codebook), []);
    assert.deepEqual(suggestCriteria('', codebook), []);
    assert.equal(suggestCriteria('assessment supervision permanence pathway plan caseloads', codebook, 2).length, 2);
  });

  it('uses the codebook it is given, including workspace criteria', () => {
    const custom: Codebook = {
      source: 'f',
      areas: codebook.areas,
      criteria: [{ id: 'hp.court', label: 'Court work', description: '', area: 'help-and-protection', keywords: ['court skills', 'judiciary'] }],
    };
    assert.deepEqual(suggestCriteria('Social workers’ court skills have improved.', custom), [{ id: 'hp.court', score: 2, matched: ['court skills'] }]);
  });
});
