import * as assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Assessment } from '../../../src/core/annotations';
import { builtinCodebook, parseCodebookJson, type Codebook } from '../../../src/core/codebook';
import { parseReportText } from '../../../src/core/parser';
import {
  buildImprovementTree,
  findParagraph,
  loadReport,
  loadWorkspace,
  mergeImprovementItems,
  paragraphSelectors,
  printedCriteria,
  reportImprovementItems,
  type ImprovementItem,
  type LoadedReport,
} from '../../../src/core/workspace';
import { openNodeWorkspace, type NodeWorkspace } from '../../../src/node/workspace';
import { FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, writeText } from './helpers';

const codebook = builtinCodebook();

async function tag(ws: NodeWorkspace, file: string, ref: string, criteria: string[], assessment: Assessment | null, status: 'open' | 'in-progress' | 'resolved' = 'open'): Promise<string> {
  const text = await readText(ws.root, file);
  const found = findParagraph(parseReportText(file, text), ref);
  if (!found.ok) throw new Error(found.message);
  const a = await ws.store.add(file, { paragraph: found.paragraph.id, selectors: paragraphSelectors(text, found.paragraph), criteria, assessment, status, author: 'Tester' });
  return `tagged:${file}#${a.id}`;
}

async function items(ws: NodeWorkspace, book: Codebook = codebook): Promise<{ loaded: LoadedReport[]; perReport: ImprovementItem[][]; merged: ImprovementItem[] }> {
  const loaded = await loadWorkspace(ws.fs, ws.store);
  const perReport = loaded.map((l) => reportImprovementItems(l, book));
  return { loaded, perReport, merged: mergeImprovementItems(perReport) };
}

describe('improvement areas', () => {
  let root: string;
  let ws: NodeWorkspace;
  beforeEach(async () => {
    root = await makeWorkspace();
    ws = openNodeWorkspace(root);
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  it('suggests criteria for printed items from their wording', () => {
    assert.deepEqual(printedCriteria('Management oversight and supervision of frontline practice.', codebook), ['lead.supervision']);
    assert.deepEqual(printedCriteria('The quality and timeliness of pathway plans for care leavers.', codebook), ['cl.pathway-plans']);
    assert.deepEqual(printedCriteria('Nothing the codebook knows about.', codebook), []);
  });

  it('lists each printed improvement area with its report, criteria, area and default status', async () => {
    const { merged } = await items(ws);
    assert.equal(merged.length, 6);
    assert.ok(merged.every((i) => i.source === 'printed' && i.status === 'open' && !i.orphaned && i.assessment === null));
    const supervision = merged.find((i) => i.report === INSPECTION && i.text.startsWith('Management oversight'));
    assert.deepEqual(
      { ...supervision, range: undefined },
      {
        key: `printed:${INSPECTION}#ia2`,
        source: 'printed',
        area: 'impact-of-leaders',
        criteria: ['lead.supervision'],
        text: 'Management oversight and supervision of frontline practice.',
        report: INSPECTION,
        localAuthority: 'Ashcombe',
        reportKind: 'inspection',
        reportDate: '2024-02-16',
        paragraph: 'what-needs-to-improve.2',
        paragraphNumber: null,
        range: undefined,
        status: 'open',
        evidence: [],
        assessment: null,
        note: '',
        orphaned: false,
        improvement: { id: 'ia2', source: 'what-needs-to-improve', quote: 'Management oversight and supervision of frontline practice.' },
        statusSet: false,
        plan: null,
      },
    );
    assert.equal(supervision?.range?.start.line, 39);
    // Oldest report first: the 2022 focused visit, the 2023 letter, then the 2024 inspection.
    assert.deepEqual([...new Set(merged.map((i) => i.report))], [FOCUSED_VISIT, OTHER_AUTHORITY, INSPECTION]);
  });

  it('adds paragraphs tagged area-for-improvement or serious-weakness, not strengths or untagged assessments', async () => {
    const afi = await tag(ws, INSPECTION, '2', ['hp.assessments'], 'area-for-improvement');
    const sw = await tag(ws, INSPECTION, '8', ['lead.supervision', 'lead.grip-on-practice'], 'serious-weakness', 'in-progress');
    await tag(ws, INSPECTION, '4', ['cic.family-time'], 'strength');
    await tag(ws, INSPECTION, '5', ['cic.reviews-iro'], null);
    const { merged } = await items(ws);
    const tagged = merged.filter((i) => i.source === 'tagged');
    assert.deepEqual(tagged.map((i) => i.key), [afi, sw]);
    const [a, s] = tagged;
    assert.equal(a.paragraph, 'p2');
    assert.equal(a.paragraphNumber, 2);
    assert.equal(a.area, 'help-and-protection');
    assert.ok(a.text.startsWith('Assessments for children in need are too often late.'), a.text);
    assert.equal(s.status, 'in-progress');
    assert.equal(s.assessment, 'serious-weakness');
    assert.deepEqual(s.criteria, ['lead.supervision', 'lead.grip-on-practice']);
  });

  it('links printed items to tagged evidence of the same authority sharing a criterion', async () => {
    const p8 = await tag(ws, INSPECTION, '8', ['lead.supervision'], 'area-for-improvement');
    const fv = await tag(ws, FOCUSED_VISIT, 'main-findings.2', ['lead.supervision'], 'area-for-improvement');
    const elsewhere = await tag(ws, OTHER_AUTHORITY, 'main-findings.1', ['lead.supervision'], 'area-for-improvement');
    const { merged } = await items(ws);
    const byText = (report: string, start: string) => merged.find((i) => i.report === report && i.source === 'printed' && i.text.startsWith(start))!;
    assert.deepEqual(byText(INSPECTION, 'Management oversight').evidence, [fv, p8], 'both Ashcombe tags, oldest first');
    assert.deepEqual(byText(FOCUSED_VISIT, 'The quality of supervision').evidence, [fv, p8]);
    assert.deepEqual(byText(OTHER_AUTHORITY, 'The quality of management oversight').evidence, [elsewhere]);
    assert.deepEqual(byText(INSPECTION, 'The quality and timeliness of pathway plans').evidence, [], 'no shared criterion');
    assert.ok(merged.filter((i) => i.source === 'tagged').every((i) => i.evidence.length === 0));
  });

  it('takes a printed item status from the store, by id and text, then by text alone', async () => {
    await ws.store.setImprovementStatus(INSPECTION, { improvement: 'ia2', quote: 'Management oversight and supervision of frontline practice.', status: 'resolved', note: 'Audit in May', author: 'Tester' });
    // A record from a reissue that numbered the items differently still finds its item by text.
    await ws.store.setImprovementStatus(INSPECTION, { improvement: 'ia9', quote: 'The quality and timeliness of pathway plans for care leavers.', status: 'in-progress', author: 'Tester' });
    // A record whose text no longer matches is not applied to the item now holding its id.
    await ws.store.setImprovementStatus(INSPECTION, { improvement: 'ia1', quote: 'Some wording the report no longer has.', status: 'resolved', author: 'Tester' });
    const { merged } = await items(ws);
    const status = (id: string) => merged.find((i) => i.key === `printed:${INSPECTION}#${id}`)!;
    assert.equal(status('ia1').status, 'open');
    assert.equal(status('ia2').status, 'resolved');
    assert.equal(status('ia2').note, 'Audit in May');
    assert.equal(status('ia3').status, 'in-progress');
  });

  it('groups by area then criterion in codebook order, with counts, and counts an item once per area', async () => {
    await tag(ws, INSPECTION, '8', ['lead.supervision', 'lead.grip-on-practice'], 'serious-weakness');
    await tag(ws, INSPECTION, '2', ['hp.assessments', 'lead.supervision'], 'area-for-improvement');
    const { merged } = await items(ws);
    const tree = buildImprovementTree(merged, codebook);
    assert.deepEqual(
      tree.groups.map((g) => [g.area, g.count, g.criteria.map((c) => [c.criterion, c.count])]),
      [
        ['help-and-protection', 3, [['hp.assessments', 3]]],
        ['care-leavers', 1, [['cl.pathway-plans', 1]]],
        [
          'impact-of-leaders',
          5,
          [
            ['lead.grip-on-practice', 1],
            ['lead.supervision', 5],
          ].sort((a, b) => codebook.criteria.findIndex((c) => c.id === a[0]) - codebook.criteria.findIndex((c) => c.id === b[0])),
        ],
      ],
    );
    assert.equal(tree.total, 8);
    assert.equal(tree.open, 8);
    assert.equal(tree.groups[0].label, 'Help and protection');
    const supervision = tree.groups[2].criteria.find((c) => c.criterion === 'lead.supervision')!;
    assert.equal(supervision.label, codebook.criteria.find((c) => c.id === 'lead.supervision')!.label);
    // Items by report date, then position.
    assert.deepEqual(
      supervision.items.map((i) => [i.report, i.source]),
      [
        [FOCUSED_VISIT, 'printed'],
        [OTHER_AUTHORITY, 'printed'],
        [INSPECTION, 'printed'],
        [INSPECTION, 'tagged'],
        [INSPECTION, 'tagged'],
      ],
    );
    assert.ok(supervision.items[3].range!.start.line < supervision.items[4].range!.start.line);
  });

  it('filters by status (open means not resolved), report, criterion and assessment', async () => {
    await tag(ws, INSPECTION, '2', ['hp.assessments'], 'area-for-improvement', 'resolved');
    await tag(ws, INSPECTION, '8', ['lead.supervision'], 'serious-weakness', 'in-progress');
    await ws.store.setImprovementStatus(FOCUSED_VISIT, { improvement: 'ia2', quote: 'The timeliness of assessments when risks to children increase.', status: 'resolved', author: 'Tester' });
    const { merged } = await items(ws);
    const keys = (filter: Parameters<typeof buildImprovementTree>[2]) => buildImprovementTree(merged, codebook, filter).items.map((i) => i.key);
    assert.equal(merged.length, 8);
    const open = buildImprovementTree(merged, codebook);
    assert.equal(open.total, 6, 'default: open and in-progress');
    assert.equal(open.open, 6);
    assert.equal(buildImprovementTree(merged, codebook, { status: 'all' }).total, 8);
    assert.equal(buildImprovementTree(merged, codebook, { status: 'all' }).open, 6, 'the open total ignores the status filter');
    assert.equal(keys({ status: 'resolved' }).length, 2);
    assert.deepEqual(keys({ status: 'in-progress' }), merged.filter((i) => i.status === 'in-progress').map((i) => i.key));
    assert.ok(keys({ report: OTHER_AUTHORITY, status: 'all' }).every((k) => k.startsWith(`printed:${OTHER_AUTHORITY}#`)));
    assert.equal(keys({ report: OTHER_AUTHORITY }).length, 1);
    assert.equal(keys({ criterion: 'hp.assessments', status: 'all' }).length, 3);
    assert.equal(keys({ criterion: 'hp.assessments' }).length, 1);
    assert.equal(keys({ assessment: 'serious-weakness' }).length, 1);
    const resolvedHp = buildImprovementTree(merged, codebook, { criterion: 'hp.assessments', status: 'resolved' });
    assert.deepEqual([resolvedHp.total, resolvedHp.open, resolvedHp.groups[0].count, resolvedHp.groups[0].open], [2, 1, 2, 0]);
  });

  it('keeps items without a known criterion under "No judgement area" and "No criterion"', async () => {
    const custom = parseCodebookJson('{"mode": "replaces", "areas": [{"id": "practice", "label": "Practice"}], "criteria": [{"id": "practice.plans", "label": "Plans", "area": "practice", "keywords": ["pathway plan"]}]}', 'codebook.json');
    assert.ok(custom.ok);
    await tag(ws, INSPECTION, '6', ['cl.pathway-plans'], 'area-for-improvement');
    const { merged } = await items(ws, custom.codebook);
    const tree = buildImprovementTree(merged, custom.codebook);
    assert.deepEqual(
      tree.groups.map((g) => [g.area, g.label, g.criteria.map((c) => [c.criterion, c.label, c.count])]),
      [
        // "pathway plan" and the label "Plans" match three printed items.
        ['practice', 'Practice', [['practice.plans', 'Plans', 3]]],
        [
          null,
          'No judgement area',
          [
            ['cl.pathway-plans', 'cl.pathway-plans (not in the codebook)', 1],
            [null, 'No criterion', 3],
          ],
        ],
      ],
    );
    assert.equal(tree.total, 7);
  });

  it('refreshes one report by replacing its items and merging again, without touching the others', async () => {
    const before = await items(ws);
    const frozen = JSON.stringify(before.perReport);
    await tag(ws, INSPECTION, '8', ['lead.supervision'], 'area-for-improvement');
    const i = before.loaded.findIndex((l) => l.file === INSPECTION);
    const refreshed = [...before.perReport];
    refreshed[i] = reportImprovementItems(await loadReport(ws.fs, ws.store, INSPECTION), codebook);
    const incremental = mergeImprovementItems(refreshed);
    assert.equal(JSON.stringify(before.perReport), frozen, 'earlier results are not changed by merging');
    assert.deepEqual(incremental, (await items(ws)).merged);
    assert.equal(incremental.find((x) => x.key === `printed:${INSPECTION}#ia2`)?.evidence.length, 1);
  });

  it('keeps orphaned tags, with no range, and the tags of a deleted report', async () => {
    await tag(ws, INSPECTION, '7', ['lead.caseloads'], 'area-for-improvement');
    await tag(ws, OTHER_AUTHORITY, 'main-findings.1', ['lead.supervision'], 'serious-weakness');
    const text = await readText(root, INSPECTION);
    await writeText(root, INSPECTION, text.slice(0, text.indexOf('7.\n')) + text.slice(text.indexOf('8.\n')));
    await rm(`${root}/${OTHER_AUTHORITY}`);
    const { merged } = await items(ws);
    const orphans = merged.filter((i) => i.orphaned);
    assert.equal(orphans.length, 2);
    assert.ok(orphans.every((o) => o.range === null && o.paragraphNumber === null));
    const gone = orphans.find((o) => o.report === OTHER_AUTHORITY)!;
    assert.equal(gone.reportKind, null);
    assert.equal(gone.paragraph, 'main-findings.1');
    assert.equal(merged[merged.length - 1], gone, 'undated (missing) reports last');
  });

  it('carries the timescale a SLAC report gives', () => {
    const slac = parseReportText(
      'slac.txt',
      [
        'Inspection of safeguarding and looked after children services',
        'Wexcombe',
        '',
        'Overall effectiveness: Adequate (Grade 3)',
        '',
        'Areas for improvement',
        '1. In order to improve services the local authority should take the following action.',
        '',
        'Immediately:',
        '',
        'ensure that all children in care have an up-to-date care plan',
        '',
        'Within three months:',
        '',
        'improve the quality of supervision for social workers',
        '',
      ].join('\n'),
    );
    const list = reportImprovementItems({ file: 'slac.txt', report: slac, annotations: [], improvementStatuses: [] }, codebook);
    assert.deepEqual(
      list.map((i) => [i.text, i.timescale]),
      slac.improvementAreas.map((ia) => [ia.text, ia.timescale]),
    );
    assert.ok(list.some((i) => i.timescale === 'three-months'), JSON.stringify(slac.improvementAreas));
  });
});
