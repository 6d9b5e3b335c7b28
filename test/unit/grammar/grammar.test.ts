/**
 * The report grammar (the Ofsted report language's base grammar with the report patterns injected), run by the same TextMate engine VS Code uses (vscode-textmate
 * with the Oniguruma WebAssembly regex library) over lines written the way real reports print them.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const INJECTION_FILE = path.join(ROOT, 'syntaxes/ilacs-report.injection.tmLanguage.json');
const BASE_FILE = path.join(ROOT, 'syntaxes/ilacs-report.tmLanguage.json');
const BASE_SCOPE = 'text.ilacs-report';
const INJECTION_SCOPE = 'ilacs.report.injection';

let onigReady: Promise<vsctm.IOnigLib> | undefined;
function onigLib(): Promise<vsctm.IOnigLib> {
  onigReady ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigReady;
}

function readGrammar(file: string): vsctm.IRawGrammar {
  return vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file);
}

/** A registry in which the injection grammar is offered to the report language only, as the manifest does. */
function registry(): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      if (scopeName === INJECTION_SCOPE) return readGrammar(INJECTION_FILE);
      if (scopeName === BASE_SCOPE) return readGrammar(BASE_FILE);
      return null;
    },
    getInjections: (scopeName) => (scopeName === BASE_SCOPE ? [INJECTION_SCOPE] : undefined),
  });
}

interface Token {
  text: string;
  scopes: string[];
}

async function tokenise(baseScope: string, text: string): Promise<Token[][]> {
  const grammar = await registry().loadGrammar(baseScope);
  if (!grammar) throw new Error(`no grammar for ${baseScope}`);
  let stack = vsctm.INITIAL;
  const out: Token[][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    out.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    stack = r.ruleStack;
  }
  return out;
}

/**
 * The scopes shared by every token that covers `fragment` on `line` (the fragment must start and
 * end on token boundaries, so a scope returned here covers exactly the fragment or more).
 */
function scopesOf(line: Token[], fragment: string): string[] {
  const text = line.map((t) => t.text).join('');
  const start = text.indexOf(fragment);
  assert.ok(start >= 0, `"${fragment}" is not on the line "${text}"`);
  const end = start + fragment.length;
  let offset = 0;
  let shared: string[] | undefined;
  for (const t of line) {
    const tStart = offset;
    offset += t.text.length;
    if (offset <= start || tStart >= end) continue;
    assert.ok(tStart >= start || start === tStart, `"${fragment}" starts inside the token "${t.text}" on "${text}"`);
    assert.ok(offset <= end, `"${fragment}" ends inside the token "${t.text}" on "${text}"`);
    shared = shared ? shared.filter((s) => t.scopes.includes(s)) : [...t.scopes];
  }
  return shared ?? [];
}

function assertScope(line: Token[], fragment: string, scope: string): void {
  const scopes = scopesOf(line, fragment);
  assert.ok(scopes.includes(scope), `"${fragment}" should carry ${scope}; it has ${scopes.join(' ')}`);
}

function assertNoIlacsScope(line: Token[]): void {
  for (const t of line) {
    const ours = t.scopes.filter((s) => s.endsWith('.ilacs') || s.includes('.ilacs.'));
    assert.deepEqual(ours, [], `"${t.text}" should carry no report scope`);
  }
}

const GRADE = {
  outstanding: 'markup.ilacs.grade.outstanding',
  good: 'markup.ilacs.grade.good',
  ri: 'markup.ilacs.grade.requires-improvement',
  adequate: 'markup.ilacs.grade.adequate',
  inadequate: 'markup.ilacs.grade.inadequate',
};
const HEADING = 'markup.heading.judgement.ilacs';

describe('report grammar: the grammar files', () => {
  it('is valid JSON with the scope name and injection selector the manifest expects', () => {
    const g = JSON.parse(readFileSync(INJECTION_FILE, 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(g.scopeName, INJECTION_SCOPE);
    assert.match(g.injectionSelector, /^L:text\.ilacs-report\b/);
    assert.doesNotMatch(g.injectionSelector, /text\.plain|markdown/, 'plain text and Markdown are left alone');
  });

  it('is registered in the manifest, with colours for every grade', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: {
        grammars: { scopeName: string; path: string; injectTo?: string[]; language?: string }[];
        configurationDefaults: Record<string, { textMateRules: { scope: string | string[]; settings: { foreground?: string } }[] }>;
      };
    };
    const injection = pkg.contributes.grammars.find((g) => g.scopeName === INJECTION_SCOPE);
    assert.ok(injection, 'the injection grammar is contributed');
    assert.equal(path.resolve(ROOT, injection.path), INJECTION_FILE);
    assert.deepEqual(injection.injectTo, [BASE_SCOPE], 'injected into the report language only');
    const base = pkg.contributes.grammars.find((g) => g.scopeName === BASE_SCOPE);
    assert.equal(base?.language, 'ilacs-report', 'the report language has a (pattern-free) base grammar to inject into');
    assert.equal(path.resolve(ROOT, base.path), BASE_FILE);
    for (const g of pkg.contributes.grammars) {
      assert.ok(g.language === undefined || g.language === 'ilacs-report', `${g.scopeName} is not given to another language`);
      for (const target of g.injectTo ?? []) assert.equal(target, BASE_SCOPE, `${g.scopeName} injects only into reports`);
    }
    const rules = pkg.contributes.configurationDefaults['editor.tokenColorCustomizations'].textMateRules;
    const coloured = new Map(rules.flatMap((r) => (Array.isArray(r.scope) ? r.scope : [r.scope]).map((s) => [s, r.settings.foreground])));
    for (const scope of Object.values(GRADE)) assert.match(coloured.get(scope) ?? '', /^#[0-9a-f]{6}$/i, `colour for ${scope}`);
    assert.equal(new Set([GRADE.outstanding, GRADE.good, GRADE.ri, GRADE.inadequate].map((s) => coloured.get(s))).size, 4, 'four distinct colours');
  });
});

describe('report grammar: plain text from PDF reports', () => {
  it('marks a judgement heading that ends with its grade, on one line or as the second line of two', async () => {
    const [one, first, second, brokenFirst, brokenSecond] = await tokenise(
      BASE_SCOPE,
      [
        'The experiences and progress of children in care: outstanding',
        'The experiences and progress of children who need help and',
        'protection: requires improvement to be good',
        'The experiences and progress of children in care: requires',
        'improvement to be good',
      ].join('\n'),
    );
    assertScope(one, 'The experiences and progress of children in care', HEADING);
    assertScope(one, 'outstanding', GRADE.outstanding);
    assertScope(one, 'outstanding', 'constant.language.ilacs');
    assertScope(first, 'The experiences and progress of children who need help and', HEADING);
    assertScope(second, 'protection', HEADING);
    assertScope(second, 'requires improvement to be good', GRADE.ri);
    assertScope(second, 'requires improvement to be good', 'markup.changed.ilacs');
    assertScope(brokenFirst, 'requires', GRADE.ri);
    assertScope(brokenSecond, 'improvement to be good', GRADE.ri);
  });

  it('gives each grade its own scope, whatever its case', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      [
        'The impact of leaders on social work practice with children and families: Inadequate',
        'The experiences and progress of care leavers: good',
        'Children looked after and achieving permanence: Requires improvement',
      ].join('\n'),
    );
    assertScope(lines[0], 'Inadequate', GRADE.inadequate);
    assertScope(lines[0], 'Inadequate', 'markup.deleted.ilacs');
    assertScope(lines[1], 'good', GRADE.good);
    assertScope(lines[1], 'good', 'markup.inserted.ilacs');
    assertScope(lines[2], 'Requires improvement', GRADE.ri);
  });

  it('marks the grade table: judgement names and grades on lines of their own', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      ['The experiences and progress of', 'children in care', '', 'Requires improvement', 'to be good', '', 'Overall effectiveness', '', 'Good'].join('\n'),
    );
    assertScope(lines[0], 'The experiences and progress of', HEADING);
    assertScope(lines[3], 'Requires improvement', GRADE.ri);
    assertScope(lines[4], 'to be good', GRADE.ri);
    assertScope(lines[6], 'Overall effectiveness', HEADING);
    assertScope(lines[8], 'Good', GRADE.good);
  });

  it('marks older (SLAC) grades: "Grade 3 (Adequate)", "Outstanding (Grade 1)" and the closing table', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      [
        'Overall effectiveness Grade 3 (Adequate) ',
        'young people safe Grade 2 (Good) ',
        'Outstanding (Grade 1) A service that significantly exceeds minimum ',
        'Being healthy Outstanding ',
        'Staying safe Adequate  ',
        'Inadequate (Grade 4) A service that does not meet minimum requirements ',
      ].join('\n'),
    );
    assertScope(lines[0], 'Overall effectiveness', HEADING);
    assertScope(lines[0], 'Grade 3 (Adequate)', GRADE.adequate);
    assertScope(lines[1], 'Grade 2 (Good)', GRADE.good);
    assertScope(lines[2], 'Outstanding (Grade 1)', GRADE.outstanding);
    assertScope(lines[3], 'Being healthy', HEADING);
    assertScope(lines[3], 'Outstanding', GRADE.outstanding);
    assertScope(lines[4], 'Adequate', GRADE.adequate);
    assertScope(lines[5], 'Inadequate (Grade 4)', GRADE.inadequate);
  });

  it('marks judgement headings phrased as sentences (SIF), but not findings that open with a judgement name', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      [
        'Leadership, management and governance are outstanding',
        'Leadership, management and governance require improvement',
        'The experiences and progress of children in care and care leavers is',
        'good',
        '1. Children who need help and protection are supported by timely and effective',
      ].join('\n'),
    );
    assertScope(lines[0], 'Leadership, management and governance', HEADING);
    assertScope(lines[0], 'outstanding', GRADE.outstanding);
    assertScope(lines[1], 'require improvement', GRADE.ri);
    assertScope(lines[2], 'The experiences and progress of children in care and care leavers is', HEADING);
    assertScope(lines[3], 'good', GRADE.good);
    assertScope(lines[4], '1', 'constant.numeric.paragraph-number.ilacs');
    assert.ok(!lines[4].some((t) => t.scopes.includes(HEADING)), 'a finding is not a heading');
  });

  it('marks the overall judgement sentence of SIF reports', async () => {
    const [line] = await tokenise(BASE_SCOPE, 'The overall judgement is that children’s services are good');
    assertScope(line, 'The overall judgement is that children’s services are', HEADING);
    assertScope(line, 'good', GRADE.good);
  });

  it('leaves grade words in ordinary prose alone', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      [
        'Leadership and management are good. Good partnership working by the full health',
        'inadequate judgement in the 2008 inspection. Good progress has been',
        'in schools to safeguard and improve outcomes for vulnerable groups. Too',
      ].join('\n'),
    );
    for (const line of lines) assertNoIlacsScope(line);
  });

  it('marks paragraph numbers at the start of a line, alone or before their text', async () => {
    const lines = await tokenise(BASE_SCOPE, ['12.', '', '37. Outstanding induction processes for all new community staff promote', 'page 2.1 of 3'].join('\n'));
    assertScope(lines[0], '12', 'constant.numeric.paragraph-number.ilacs');
    assertScope(lines[0], '.', 'punctuation.separator.paragraph-number.ilacs');
    assertScope(lines[2], '37', 'constant.numeric.paragraph-number.ilacs');
    assertNoIlacsScope([lines[2][lines[2].length - 1]]);
    assertNoIlacsScope(lines[3]);
  });

  it('marks "What needs to improve" headings, square-bullet items and national framework tags', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      [
        'What needs to improve?1',
        '◼ Recognition of the unique characteristics and increased vulnerability of disabled',
        'children in child protection plans. (outcome 3, national framework)',
        '◼ The timeliness and effectiveness of permanence planning. (outcome 4, national',
        'framework)',
        'opportunity to be connected to their wider family in long-term planning. (outcome',
        '4, national framework)',
        '◼ The quality of written records for children, young people and families. (enabler:',
        'the workforce is equipped and effective, national framework)',
        'homeless (Outcome three).',
        'What does the local authority need to improve?',
        'Priority and immediate action',
        'Areas for improvement',
        'What needs to improve in this area of social work practice',
      ].join('\n'),
    );
    assertScope(lines[0], 'What needs to improve?', 'markup.heading.improvement.ilacs');
    assertScope(lines[0], '1', 'constant.numeric.footnote.ilacs');
    assertScope(lines[1], '◼', 'punctuation.definition.list.begin.ilacs');
    assertScope(lines[1], 'Recognition of the unique characteristics and increased vulnerability of disabled', 'markup.list.improvement.ilacs');
    assertScope(lines[2], '(outcome 3, national framework)', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[2], '3', 'constant.numeric.national-framework.ilacs');
    assertScope(lines[3], '(outcome 4, national', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[3], '(outcome 4, national', 'markup.list.improvement.ilacs');
    assertScope(lines[4], 'framework)', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[5], '(outcome', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[6], '4, national framework)', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[7], '(enabler:', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[8], 'the workforce is equipped and effective, national framework)', 'entity.name.tag.national-framework.ilacs');
    assertScope(lines[9], '(Outcome three)', 'entity.name.tag.national-framework.ilacs');
    for (const i of [10, 11, 12, 13]) assertScope(lines[i], lines[i].map((t) => t.text).join(''), 'markup.heading.improvement.ilacs');
  });

  it('does not take "(outcomes ...)" in prose for a framework tag', async () => {
    const [line] = await tokenise(BASE_SCOPE, 'services (outcomes for children are improving) and (outcome-focused plans)');
    assertNoIlacsScope(line);
  });

  it('marks SLAC timescales', async () => {
    const lines = await tokenise(BASE_SCOPE, ['Immediately: ', 'Within three months:', 'Within six months: ', 'immediately, although good work is undertaken'].join('\n'));
    assertScope(lines[0], 'Immediately', 'keyword.other.timescale.ilacs');
    assertScope(lines[1], 'Within three months', 'keyword.other.timescale.ilacs');
    assertScope(lines[2], 'Within six months', 'keyword.other.timescale.ilacs');
    assertNoIlacsScope(lines[3]);
  });

  it('tokenises every line of a real report in one pass (skipped without ../shared/reports)', async function () {
    const file = path.resolve(ROOT, '../shared/reports/sample/bradford__21-may-2026.txt');
    if (!existsSync(file)) this.skip();
    const lines = await tokenise(BASE_SCOPE, readFileSync(file, 'utf8'));
    const linesWith = (scope: string) => lines.filter((l) => l.some((t) => t.scopes.includes(scope))).length;
    // The grade table (3 requires improvement, 2 good) and four judgement headings, one of which
    // breaks inside its grade ("...children in care: requires" / "improvement to be good").
    assert.equal(linesWith(GRADE.ri), 3 + 1 + 2);
    assert.equal(linesWith(GRADE.good), 2 + 2);
    assert.equal(linesWith(GRADE.inadequate) + linesWith(GRADE.outstanding) + linesWith(GRADE.adequate), 0);
    const items = lines.filter((l) => l.some((t) => t.scopes.includes('punctuation.definition.list.begin.ilacs')));
    assert.equal(items.length, 5);
  });
});

describe('report grammar: reports written in Markdown', () => {
  it('marks the grade after a Markdown heading marker', async () => {
    const [line] = await tokenise(BASE_SCOPE, '## The experiences and progress of care leavers: requires improvement to be good');
    assertScope(line, 'requires improvement to be good', GRADE.ri);
    assertScope(line, 'The experiences and progress of care leavers', HEADING);
  });

  it('marks grades in table cells, improvement headings and the national framework outcome', async () => {
    const lines = await tokenise(
      BASE_SCOPE,
      [
        '| Judgement | Grade |',
        '| --- | --- |',
        '| The experiences and progress of care leavers | Requires improvement to be good |',
        '| Overall effectiveness | Good |',
        '',
        '## What needs to improve?',
        '',
        '- The quality of pathway plans. (outcome 4, national framework)',
      ].join('\n'),
    );
    assertScope(lines[2], 'Requires improvement to be good', GRADE.ri);
    assertScope(lines[3], 'Good', GRADE.good);
    assertScope(lines[5], 'What needs to improve?', 'markup.heading.improvement.ilacs');
    assertScope(lines[7], '(outcome 4, national framework)', 'entity.name.tag.national-framework.ilacs');
  });
});
