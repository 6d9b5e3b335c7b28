import * as assert from 'node:assert/strict';
import {
  BUILTIN_AREAS,
  BUILTIN_CRITERIA,
  CRITERION_AREA_IDS,
  ILACS_AREA_IDS,
  JUDGEMENT_AREA_IDS,
  SIF_AREA_IDS,
  SLAC_AREA_IDS,
  builtinCodebook,
  criteriaForArea,
  findArea,
} from '../../../src/core/codebook';

describe('built-in codebook', () => {
  const codebook = builtinCodebook();

  it('has unique area ids and unique criterion ids', () => {
    const areaIds = codebook.areas.map((a) => a.id);
    assert.equal(new Set(areaIds).size, areaIds.length);
    const criterionIds = codebook.criteria.map((c) => c.id);
    assert.equal(new Set(criterionIds).size, criterionIds.length);
  });

  it('defines exactly the documented area ids, in order', () => {
    assert.deepEqual(
      codebook.areas.map((a) => a.id),
      [...JUDGEMENT_AREA_IDS],
    );
    assert.equal(SLAC_AREA_IDS.length, 32, '16 SLAC judgements, each for safeguarding and for looked after children');
    assert.ok(SLAC_AREA_IDS.includes('slac-safeguarding-capacity-for-improvement'));
    assert.ok(SLAC_AREA_IDS.includes('slac-looked-after-equality-and-diversity'));
    assert.deepEqual([...SIF_AREA_IDS].sort(), [
      'sif-adoption',
      'sif-care-leavers',
      'sif-help-and-protection',
      'sif-leadership',
      'sif-looked-after-and-permanence',
      'sif-lscb',
      'sif-overall-effectiveness',
    ]);
    for (const id of ILACS_AREA_IDS) assert.equal(findArea(codebook, id)?.framework, 'ilacs', id);
  });

  it('files every criterion under one of the four ILACS criterion areas, with the area as id prefix', () => {
    const prefixes: Record<string, string> = { 'help-and-protection': 'hp', 'children-in-care': 'cic', 'care-leavers': 'cl', 'impact-of-leaders': 'lead' };
    for (const c of codebook.criteria) {
      assert.ok((CRITERION_AREA_IDS as readonly string[]).includes(c.area), `${c.id} is under ${c.area}`);
      assert.ok(c.id.startsWith(`${prefixes[c.area]}.`), `${c.id} should start with ${prefixes[c.area]}.`);
      assert.match(c.id, /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/);
    }
  });

  it('covers each criterion area with 15 to 25 criteria', () => {
    for (const area of CRITERION_AREA_IDS) {
      const n = codebook.criteria.filter((c) => c.area === area).length;
      assert.ok(n >= 15 && n <= 25, `${area} has ${n} criteria`);
    }
  });

  it('gives every criterion a label, a one-line description and lowercase, non-empty, distinct keywords', () => {
    for (const c of codebook.criteria) {
      assert.ok(c.label.trim().length > 0, c.id);
      assert.ok(c.description.trim().length > 0 && !c.description.includes('\n'), c.id);
      assert.ok(c.keywords.length >= 1, `${c.id} has no keywords`);
      assert.equal(new Set(c.keywords).size, c.keywords.length, `${c.id} repeats a keyword`);
      for (const k of c.keywords) {
        assert.equal(k, k.toLowerCase(), `${c.id}: "${k}" is not lowercase`);
        assert.equal(k, k.trim(), `${c.id}: "${k}" has surrounding spaces`);
        assert.ok(k.length > 0);
      }
    }
  });

  it('gives every area a #rrggbb colour and criterion areas that exist', () => {
    const ids = new Set(codebook.areas.map((a) => a.id));
    for (const a of codebook.areas) {
      assert.match(a.colour, /^#[0-9a-f]{6}$/, a.id);
      assert.ok(a.criterionAreas.length > 0, a.id);
      for (const ca of a.criterionAreas) assert.ok(ids.has(ca), `${a.id} -> ${ca}`);
    }
    const criterionAreaColours = CRITERION_AREA_IDS.map((id) => findArea(codebook, id)?.colour);
    assert.equal(new Set(criterionAreaColours).size, 4, 'the four criterion areas have distinct colours');
  });

  it('tags the 2018-2022 combined judgement with both children in care and care leaver criteria', () => {
    const combined = criteriaForArea(codebook, 'children-in-care-and-care-leavers');
    const areas = new Set(combined.map((c) => c.area));
    assert.deepEqual([...areas].sort(), ['care-leavers', 'children-in-care']);
    assert.equal(combined.length, codebook.criteria.filter((c) => areas.has(c.area)).length);
    assert.equal(criteriaForArea(codebook, 'overall-effectiveness').length, codebook.criteria.length);
    assert.ok(criteriaForArea(codebook, 'sif-adoption').some((c) => c.id === 'cic.adoption'));
    assert.ok(criteriaForArea(codebook, 'slac-looked-after-outcomes').some((c) => c.id === 'cl.pathway-plans'));
    assert.deepEqual(criteriaForArea(codebook, 'no-such-area'), []);
  });

  it('includes the criteria the product names in its documentation', () => {
    const ids = new Set(codebook.criteria.map((c) => c.id));
    for (const id of ['hp.assessments', 'hp.front-door', 'hp.strategy-meetings', 'hp.pre-proceedings', 'cic.permanence', 'cl.pathway-plans', 'lead.supervision', 'lead.caseloads', 'lead.quality-assurance', 'lead.corporate-parenting']) {
      assert.ok(ids.has(id), id);
    }
  });

  it('hands out copies, so callers cannot change the built-in data', () => {
    const a = builtinCodebook();
    a.criteria[0].keywords.push('changed');
    a.areas[0].criterionAreas.push('changed');
    assert.ok(!BUILTIN_CRITERIA[0].keywords.includes('changed'));
    assert.ok(!BUILTIN_AREAS[0].criterionAreas.includes('changed'));
  });
});
