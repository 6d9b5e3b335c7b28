import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { exportToQdpx, guidFor, plainTextSource, PROJECT_FILE, type ExportDocument } from '../../../src/core/export';
import { exportOf, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, storeAt, tagParagraph, writeText } from './helpers';

/** The REFI-QDA project schema, beside the project in ../shared (as the corpus check finds its reports). */
const XSD = path.resolve(__dirname, '../../../../shared/schemas/refi-qda-project-1.0.xsd');

function xmllint(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('xmllint', args, { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        assert.fail('xmllint is not installed: install Debian\'s libxml2-utils (apt-get install libxml2-utils); .ci/run does this');
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
    });
  });
}

interface Selection {
  start: number;
  end: number;
  codes: string[];
  notes: string[];
}

/** The selections of each text source in project.qde, read with regular expressions (the XSD check covers the structure). */
function selections(xml: string): Map<string, { path: string; selections: Selection[] }> {
  const out = new Map<string, { path: string; selections: Selection[] }>();
  for (const m of xml.matchAll(/<TextSource guid="([^"]+)" name="([^"]+)" plainTextPath="internal:\/\/([^"]+)">([\s\S]*?)<\/TextSource>/g)) {
    const list: Selection[] = [];
    for (const s of m[4].matchAll(/<PlainTextSelection [^>]*startPosition="(\d+)" endPosition="(\d+)"[^>]*>([\s\S]*?)<\/PlainTextSelection>/g)) {
      list.push({
        start: Number(s[1]),
        end: Number(s[2]),
        codes: [...s[3].matchAll(/<CodeRef targetGUID="([^"]+)"\/>/g)].map((c) => c[1]),
        notes: [...s[3].matchAll(/<NoteRef targetGUID="([^"]+)"\/>/g)].map((c) => c[1]),
      });
    }
    out.set(m[2], { path: `Sources/${m[3]}`, selections: list });
  }
  return out;
}

describe('export: REFI-QDA project (.qdpx)', function () {
  this.timeout(60_000);
  let root: string;
  let tmp: string;
  beforeEach(async () => {
    root = await makeWorkspace();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-qdpx-'));
  });
  afterEach(async () => {
    await removeWorkspace(root);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  /** A workspace whose inspection report has CRLF line ends, accents and characters outside the BMP, with tags (one orphaned). */
  async function tagged(): Promise<{ doc: ExportDocument; texts: Map<string, string> }> {
    const original = await readText(root, INSPECTION);
    const edited = original
      .replace('Partners\nshare', 'Partners (café 𝒳)\nshare')
      .replace('Some are descriptive', 'Some (naïve 𝔸𝔹) are descriptive')
      .replace(/\n/g, '\r\n');
    await writeText(root, INSPECTION, edited);
    const store = storeAt(root);
    await tagParagraph(root, store, INSPECTION, 'p2', { criteria: ['hp.assessments', 'not.in-codebook'], assessment: 'area-for-improvement', note: 'Note with <markup> & "quotes"\u000c and a form feed' });
    await tagParagraph(root, store, INSPECTION, 'p5', { criteria: ['cic.stability'], assessment: 'strength', status: 'resolved', author: 'B. Adviser' });
    const gone = await tagParagraph(root, store, INSPECTION, 'p3', { criteria: ['hp.strategy-meetings'] });
    await writeText(root, INSPECTION, (await readText(root, INSPECTION)).replace(gone.selectors.quote.exact, 'Rewritten.'));
    await tagParagraph(root, store, FOCUSED_VISIT, 'what-needs-to-improve-in-this-area-of-social-work-practice.1', { criteria: ['lead.supervision'] });
    return exportOf(root, { printed: true });
  }

  it('is valid against the REFI-QDA project schema (xmllint --schema)', async function () {
    if (!existsSync(XSD)) {
      // Like the corpus check: the schema lives beside the project, not in it.
      console.log(`      (skipped: ${XSD} is not beside the project)`);
      this.skip();
    }
    const { doc, texts } = await tagged();
    const project = exportToQdpx(doc, texts);
    const qde = path.join(tmp, PROJECT_FILE);
    await fs.writeFile(qde, project.files[PROJECT_FILE]);
    const result = await xmllint(['--noout', '--schema', XSD, qde]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /validates/);

    // An export with no findings is a valid project too.
    const empty = path.join(tmp, 'empty.qde');
    await fs.writeFile(empty, exportToQdpx({ ...doc, findings: [] }, new Map()).files[PROJECT_FILE]);
    const emptyResult = await xmllint(['--noout', '--schema', XSD, empty]);
    assert.equal(emptyResult.code, 0, emptyResult.stderr);

    // The check can fail: a selection without its required endPosition is refused.
    const broken = path.join(tmp, 'broken.qde');
    await fs.writeFile(broken, strFromU8(project.files[PROJECT_FILE]).replace(/ endPosition="\d+"/, ''));
    const refused = await xmllint(['--noout', '--schema', XSD, broken]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /endPosition/);
  });

  it('is a zip of project.qde and one LF, BOM-less UTF-8 source per report, whose selections point at exactly the coded text (in code points)', async () => {
    const { doc, texts } = await tagged();
    const project = exportToQdpx(doc, texts);
    const entries = unzipSync(project.zip);
    assert.deepEqual(Object.keys(entries).sort(), Object.keys(project.files).sort());
    assert.ok(Object.keys(entries).includes(PROJECT_FILE));
    const xml = strFromU8(entries[PROJECT_FILE]);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0"'));
    const sources = selections(xml);
    assert.deepEqual([...sources.keys()].sort(), [FOCUSED_VISIT, INSPECTION, OTHER_AUTHORITY].sort());

    const inspection = sources.get(INSPECTION);
    assert.ok(inspection);
    const bytes = entries[inspection.path];
    assert.ok(bytes, `${inspection.path} is not in the zip`);
    assert.notEqual(bytes[0], 0xef, 'the source starts with a byte-order mark');
    const source = strFromU8(bytes);
    assert.ok(!source.includes('\r'), 'the source keeps CR line ends');
    const characters = Array.from(source);

    const located = doc.findings.filter((f) => f.report.file === INSPECTION && f.location);
    assert.equal(inspection.selections.length, located.length);
    for (const f of located) {
      const expected = f.text.replace(/\r\n?/g, '\n');
      const match = inspection.selections.find((s) => characters.slice(s.start, s.end).join('') === expected);
      assert.ok(match, `no selection covers exactly: ${JSON.stringify(expected.slice(0, 60))}`);
      for (const c of f.criteria) assert.ok(match.codes.includes(guidFor(`criterion:${c.id}`)), `${c.id} is not coded`);
    }
    const p2 = located.find((f) => f.paragraph === 'p2');
    assert.ok(p2 && p2.text.includes('𝔸𝔹') && p2.text.includes('naïve'));
    // Code points, not UTF-16 units: in UTF-16 the selection would end later by the non-BMP characters before and in it.
    const p2Selection = inspection.selections.find((s) => characters.slice(s.start, s.end).join('') === p2.text.replace(/\r\n/g, '\n'));
    assert.ok(p2Selection);
    assert.notEqual(p2Selection.end, source.indexOf(p2.text.replace(/\r\n/g, '\n')) + p2.text.replace(/\r\n/g, '\n').length);
  });

  it('codes the codebook as nested codes, keeps notes and orphans as notes, and escapes what XML cannot hold', async () => {
    const { doc, texts } = await tagged();
    const xml = strFromU8(exportToQdpx(doc, texts).files[PROJECT_FILE]);
    // Area (not codable) holding its criteria (codable).
    assert.match(xml, /<Code guid="[^"]+" name="Help and protection" isCodable="false" color="#[0-9a-f]{6}">\s*<Description>[^<]*<\/Description>\s*<Code guid="[^"]+" name="[^"]+" isCodable="true"/);
    assert.match(xml, /name="Not in the codebook" isCodable="false">\s*<Code guid="[^"]+" name="not\.in-codebook" isCodable="true"\/>/);
    assert.match(xml, /name="Assessment" isCodable="false"/);
    assert.match(xml, /<User guid="[^"]+" name="B\. Adviser"\/>/);
    // The note, escaped, with the form feed (not allowed in XML 1.0) replaced.
    assert.match(xml, /<PlainTextContent>Note with &lt;markup&gt; &amp; "quotes" {2}and a form feed<\/PlainTextContent>/);
    // The orphan: a note on its report holding its old text.
    const orphan = doc.findings.find((f) => f.orphaned && f.type === 'tagged');
    assert.ok(orphan);
    const noteGuid = guidFor(`note:orphan:${orphan.id}`);
    assert.match(xml, new RegExp(`<NoteRef targetGUID="${noteGuid}"/>\\s*</TextSource>`));
    assert.ok(xml.includes('its text is no longer in the report'));
    // Printed improvement areas are coded as such.
    assert.ok(xml.includes(`<CodeRef targetGUID="${guidFor('printed-improvement-area')}"/>`));
  });

  it('gives the same GUIDs and bytes for the same export', async () => {
    const { doc, texts } = await tagged();
    const a = exportToQdpx(doc, texts);
    const b = exportToQdpx(doc, texts);
    assert.deepEqual(a.zip, b.zip);
    assert.match(guidFor('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(guidFor('x'), guidFor('y'));
  });

  it('maps UTF-16 offsets to code points of the LF text', () => {
    const source = plainTextSource('a\r\n𝒳é\rb');
    assert.equal(source.text, 'a\n𝒳é\nb');
    // a=0, CR=1 (maps to the LF), LF=1, 𝒳 high=2, low=3 (after it), é=4, CR=5, b=6, end=7
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(source.position), [0, 1, 1, 2, 3, 3, 4, 5, 6]);
    assert.equal(Array.from(source.text).slice(source.position(3), source.position(6)).join(''), '𝒳é');
  });
});
