import * as assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CODEBOOK_FILE, builtinCodebook, loadCodebook, parseCodebookJson, type CodebookError, type CodebookResult } from '../../../src/core/codebook';
import { nodeCodebookFileSystem } from '../../../src/node/codebookFiles';

function errorsOf(result: CodebookResult): CodebookError[] {
  assert.equal(result.ok, false, 'expected the codebook to be rejected');
  return result.ok ? [] : result.errors;
}

function codebookOf(result: CodebookResult) {
  if (!result.ok) assert.fail(`expected a codebook, got: ${result.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
  return result.codebook;
}

/** The single error of a result, checked for its 1-based line and column. */
function onlyError(result: CodebookResult, line: number, column: number, pattern: RegExp): CodebookError {
  const errors = errorsOf(result);
  assert.equal(errors.length, 1, `one error expected, got ${JSON.stringify(errors.map((e) => e.message))}`);
  const [e] = errors;
  assert.match(e.message, pattern);
  assert.deepEqual([e.line, e.column], [line, column], e.message);
  assert.deepEqual([e.range.start.line, e.range.start.character], [line - 1, column - 1]);
  return e;
}

const lines = (...l: string[]) => l.join('\n');

describe('workspace codebook: merging', () => {
  const builtin = builtinCodebook();

  it('extends by default: adds criteria and areas, keeps the built-in ones', () => {
    const cb = codebookOf(
      parseCodebookJson(
        JSON.stringify({
          areas: [{ id: 'jtai-deep-dive', label: 'JTAI deep dive', colour: '#112233' }],
          criteria: [
            { id: 'jtai.neglect', label: 'Neglect deep dive', area: 'jtai-deep-dive', keywords: ['neglect'] },
            { id: 'hp.court-work', label: 'Court work', area: 'help-and-protection' },
          ],
        }),
        'ws/.ilacs/codebook.json',
      ),
    );
    assert.equal(cb.source, 'ws/.ilacs/codebook.json');
    assert.equal(cb.criteria.length, builtin.criteria.length + 2);
    assert.equal(cb.areas.length, builtin.areas.length + 1);
    const area = cb.areas.find((a) => a.id === 'jtai-deep-dive');
    assert.deepEqual(area, { id: 'jtai-deep-dive', label: 'JTAI deep dive', printed: 'JTAI deep dive', framework: 'other', colour: '#112233', description: '', criterionAreas: ['jtai-deep-dive'] });
    assert.deepEqual(cb.criteria.find((c) => c.id === 'hp.court-work'), { id: 'hp.court-work', label: 'Court work', description: '', area: 'help-and-protection', keywords: [] });
  });

  it('overrides a built-in criterion or area with the same id, in place', () => {
    const cb = codebookOf(
      parseCodebookJson(
        JSON.stringify({
          mode: 'extends',
          areas: [{ id: 'care-leavers', label: 'Care-experienced young adults', colour: '#ABCDEF' }],
          criteria: [{ id: 'hp.assessments', label: 'Assessments', area: 'help-and-protection', description: 'Ours.', keywords: ['assessment'] }],
        }),
        'f',
      ),
    );
    const index = builtin.criteria.findIndex((c) => c.id === 'hp.assessments');
    assert.deepEqual(cb.criteria[index], { id: 'hp.assessments', label: 'Assessments', area: 'help-and-protection', description: 'Ours.', keywords: ['assessment'] });
    assert.equal(cb.criteria.length, builtin.criteria.length);
    const area = cb.areas.find((a) => a.id === 'care-leavers');
    assert.equal(area?.label, 'Care-experienced young adults');
    assert.equal(area?.colour, '#abcdef');
    assert.equal(cb.areas.length, builtin.areas.length);
  });

  it('removes built-in criteria by id', () => {
    const cb = codebookOf(parseCodebookJson('{"remove": ["hp.young-carers", "cl.documents"]}', 'f'));
    assert.equal(cb.criteria.length, builtin.criteria.length - 2);
    assert.ok(!cb.criteria.some((c) => c.id === 'hp.young-carers' || c.id === 'cl.documents'));
  });

  it('replaces the built-in codebook entirely', () => {
    const cb = codebookOf(
      parseCodebookJson(
        JSON.stringify({
          mode: 'replaces',
          areas: [{ id: 'practice', label: 'Practice', framework: 'ilacs' }],
          criteria: [{ id: 'practice.visits', label: 'Visits', area: 'practice' }],
        }),
        'f',
      ),
    );
    assert.deepEqual(cb.areas.map((a) => a.id), ['practice']);
    assert.deepEqual(cb.criteria.map((c) => c.id), ['practice.visits']);
  });

  it('accepts the built-in codebook itself written as a replacing file, unchanged', () => {
    const text = JSON.stringify({ mode: 'replaces', areas: builtin.areas, criteria: builtin.criteria }, null, 2);
    const cb = codebookOf(parseCodebookJson(text, 'copy.json'));
    assert.deepEqual(cb.areas, builtin.areas);
    assert.deepEqual(cb.criteria, builtin.criteria);
  });

  it('tolerates a byte-order mark, comments and CRLF line ends', () => {
    const text = '\ufeff{\r\n  // our extra criterion\r\n  "criteria": [{"id": "hp.x", "label": "X", "area": "help-and-protection"}]\r\n}\r\n';
    assert.equal(codebookOf(parseCodebookJson(text, 'f')).criteria.length, builtin.criteria.length + 1);
  });
});

/**
 * The 1-based line and column of the `nth` occurrence of `needle` in `text`: where an error about
 * that token must point.
 */
function where(text: string, needle: string, nth = 1): [number, number] {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (${nth}) not in the test text`);
  }
  const before = text.slice(0, at).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

function check(text: string, needle: string, pattern: RegExp, nth = 1): CodebookError {
  const [line, column] = where(text, needle, nth);
  return onlyError(parseCodebookJson(text, 'f'), line, column, pattern);
}

describe('workspace codebook: errors with positions', () => {
  it('reports bad JSON at the offending character', () => {
    check(lines('{', '  "criteria": [', '    {"id": "hp.x", label: "X"}', '  ]', '}'), 'label', /invalid JSON: unexpected "label".*double quotes/);
    check(lines('{', '  "remove": ["hp.lado",]', '}'), ']', /trailing comma/);
    const truncated = lines('{', '  "remove": ["hp.lado"]');
    onlyError(parseCodebookJson(truncated, 'f'), 2, truncated.split('\n')[1].length + 1, /invalid JSON: close brace expected/);
  });

  it('reports an empty file and a file that is not an object', () => {
    onlyError(parseCodebookJson('  \n', 'f'), 1, 1, /empty/);
    check('\n[1, 2]', '[', /the codebook: must be an object/);
  });

  it('reports missing required fields at the entry', () => {
    const text = lines('{', '  "criteria": [', '    {"id": "hp.ok", "label": "Ok", "area": "help-and-protection"},', '    {"id": "hp.x", "area": "help-and-protection"}', '  ]', '}');
    const e = check(text, '{"id": "hp.x"', /^criteria\[1\]: missing required field "label"$/);
    assert.equal(e.path, 'criteria[1]');
    assert.equal(e.file, 'f');
  });

  it('reports wrong types at the value', () => {
    check(lines('{', '  "criteria": [', '    {"id": "hp.x", "label": 5, "area": "help-and-protection"}', '  ]', '}'), '5', /^criteria\[0\]\.label: must be a string$/);
    check(lines('{', '  "areas": {}', '}'), '{}', /^areas: must be an array$/);
    check(lines('{', '  "criteria": [{"id": "hp.x", "label": "X", "area": "help-and-protection", "keywords": "drift"}]', '}'), '"drift"', /keywords: must be an array/);
    check('{"areas": [{"id": "a", "label": "A", "from": "2019"}]}', '"2019"', /areas\[0\]\.from: must be an integer/);
  });

  it('reports unknown fields at their key, and bad enum values, ids, colours and keywords', () => {
    check(lines('{', '  "criterias": []', '}'), '"criterias"', /unknown field "criterias"/);
    check(lines('{', '  "mode": "extend"', '}'), '"extend"', /mode: must be one of "extends", "replaces"/);
    check('{"criteria": [{"id": "HP X", "label": "X", "area": "help-and-protection"}]}', '"HP X"', /criteria\[0\]\.id: must be lowercase/);
    check('{"areas": [{"id": "a", "label": "A", "colour": "red"}]}', '"red"', /colour written #rrggbb/);
    check('{"criteria": [{"id": "hp.x", "label": "X", "area": "help-and-protection", "keywords": ["ok", "MASH"]}]}', '"MASH"', /keywords\[1\]: keywords must be lowercase/);
  });

  it('reports duplicate ids at the second one, naming the line of the first', () => {
    const text = lines(
      '{',
      '  "criteria": [',
      '    {"id": "hp.x", "label": "X", "area": "help-and-protection"},',
      '    {"id": "hp.y", "label": "Y", "area": "help-and-protection"},',
      '    {"id": "hp.x", "label": "X again", "area": "help-and-protection"}',
      '  ],',
      '  "areas": [{"id": "mine", "label": "Mine"}, {"id": "mine", "label": "Mine too"}]',
      '}',
    );
    const errors = errorsOf(parseCodebookJson(text, 'f'));
    assert.deepEqual(
      errors.map((e) => [e.line, e.column, e.message]),
      [
        [...where(text, '"hp.x"', 2), 'criteria[2].id: duplicate criterion id "hp.x" (first defined at line 3)'],
        [...where(text, '"mine"', 2), 'areas[1].id: duplicate area id "mine" (first defined at line 7)'],
      ],
    );
  });

  it('reports criteria under unknown areas, and unknown criterion areas', () => {
    check(lines('{"criteria": [', '  {"id": "x.y", "label": "X", "area": "no-such-area"}', ']}'), '"no-such-area"', /unknown area "no-such-area"/);
    check('{"areas": [{"id": "a", "label": "A", "criterionAreas": ["a", "zz"]}]}', '"zz"', /criterionAreas\[1\]: unknown area "zz"/);
    // An area defined in a replacing file is the only one there is.
    check(
      '{"mode": "replaces", "areas": [{"id": "a", "label": "A"}], "criteria": [{"id": "x", "label": "X", "area": "help-and-protection"}]}',
      '"help-and-protection"',
      /unknown area "help-and-protection"/,
    );
  });

  it('reports removals of criteria that do not exist or are also defined', () => {
    check(lines('{', '  "remove": ["hp.lado", "hp.nope"]', '}'), '"hp.nope"', /no built-in criterion "hp.nope" to remove/);
    check('{"criteria": [{"id": "hp.lado", "label": "L", "area": "help-and-protection"}], "remove": ["hp.lado"]}', '"hp.lado"', /both defined under "criteria" and removed/, 2);
    check('{"mode": "replaces", "areas": [{"id": "a", "label": "A"}], "criteria": [{"id": "x", "label": "X", "area": "a"}], "remove": ["x"]}', '"x"', /nothing to remove/, 2);
  });

  it('reports a replacing codebook with nothing in it, and years in the wrong order', () => {
    check('{"mode": "replaces"}', '"replaces"', /needs at least one area and one criterion/);
    check('{"areas": [{"id": "a", "label": "A", "from": 2020, "to": 2019}]}', '2019', /before "from"/);
  });

  it('gives the editor a range covering the offending token', () => {
    const text = lines('{', '  "mode": "extend"', '}');
    const [e] = errorsOf(parseCodebookJson(text, 'f'));
    assert.deepEqual(e.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 18 } });
  });

  it('reports every problem at once, sorted by position', () => {
    const text = lines(
      '{',
      '  "mode": "sometimes",',
      '  "criteria": [',
      '    {"id": "hp.x", "label": "X", "area": "nowhere"},',
      '    {"label": "no id", "area": "help-and-protection"}',
      '  ],',
      '  "remove": ["hp.none"]',
      '}',
    );
    const errors = errorsOf(parseCodebookJson(text, 'f'));
    assert.deepEqual(errors.map((e) => e.line), [2, 4, 5, 7]);
  });
});

describe('loadCodebook', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ilacs-codebook-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the built-in codebook when the workspace has none', async () => {
    const cb = codebookOf(await loadCodebook(dir, nodeCodebookFileSystem));
    assert.equal(cb.source, 'builtin');
    assert.deepEqual(cb, builtinCodebook());
  });

  it('reads .ilacs/codebook.json from the workspace and names it in errors', async () => {
    await mkdir(path.join(dir, '.ilacs'));
    const file = path.join(dir, CODEBOOK_FILE);
    await writeFile(file, '{"remove": ["hp.young-carers"]}');
    const cb = codebookOf(await loadCodebook(dir, nodeCodebookFileSystem));
    assert.equal(cb.source, file);
    assert.equal(cb.criteria.length, builtinCodebook().criteria.length - 1);
    await writeFile(file, '{\n  "remove": 3\n}');
    const e = onlyError(await loadCodebook(dir, nodeCodebookFileSystem), 2, 13, /remove: must be an array/);
    assert.equal(e.file, file);
  });

  it('reports a codebook that is not UTF-8 or cannot be read, instead of falling back silently', async () => {
    await mkdir(path.join(dir, '.ilacs'));
    await writeFile(path.join(dir, CODEBOOK_FILE), Buffer.from([0x7b, 0x22, 0xa3, 0x22, 0x7d]));
    onlyError(await loadCodebook(dir, nodeCodebookFileSystem), 1, 1, /not valid UTF-8/);
    await rm(path.join(dir, CODEBOOK_FILE));
    await mkdir(path.join(dir, CODEBOOK_FILE));
    onlyError(await loadCodebook(dir, nodeCodebookFileSystem), 1, 1, /cannot read the codebook/);
  });

  it('reads through the file system it is given', async () => {
    const asked: string[] = [];
    const fs = {
      async readFile(file: string) {
        asked.push(file);
        return '{"criteria": [{"id": "hp.x", "label": "X", "area": "help-and-protection"}]}';
      },
    };
    const cb = codebookOf(await loadCodebook('ws', fs));
    assert.deepEqual(asked, ['ws/.ilacs/codebook.json']);
    assert.ok(cb.criteria.some((c) => c.id === 'hp.x'));
  });
});
