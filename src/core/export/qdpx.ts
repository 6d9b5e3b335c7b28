/**
 * REFI-QDA project (`.qdpx`), the exchange format of NVivo, ATLAS.ti, MAXQDA and QualCoder: a zip
 * holding `project.qde` (XML in the `urn:QDA-XML:project:1.0` namespace, valid against the REFI-QDA
 * project schema 1.0) and one plain-text file per report under `Sources/`.
 *
 * - Codebook: each judgement area that has criteria is a code that is not codable, holding its
 *   criteria as codable codes (in the area's colour); criteria the codebook does not know sit under
 *   "Not in the codebook"; "Assessment" and "Status" hold one code per value, so an analyst can
 *   cross-tabulate; printed improvement areas are also coded "Printed improvement area".
 * - Sources: each report with findings is a TextSource whose text is the report's text with line
 *   breaks as LF, UTF-8 without a byte-order mark.
 * - Findings: each one with a place in its report is a PlainTextSelection coded with its criteria,
 *   assessment and status, described (type, paragraph, status, author) and, when it has a note,
 *   linked to a Note holding it. Findings whose text is gone (orphans) become notes on their report
 *   (or on the project when the report file is missing), so nothing is dropped.
 *
 * Positions: REFI-QDA counts characters of the plain-text source, 0-based, the end position just
 * after the last character. A character here is a Unicode code point (as the W3C defines character
 * positions, and as Python-based tools such as QualCoder slice text), so a character outside the
 * Basic Multilingual Plane counts once, not twice as in UTF-16; positions are counted on the LF
 * text that is written.
 *
 * GUIDs are derived from stable names (the finding's id, the criterion's id...), so exporting the
 * same workspace twice gives the same GUIDs and a QDA tool can match codes between exports.
 */
import { sha1Hex } from '../hash';
import { strToU8, zipSync } from 'fflate';
import { ASSESSMENTS, ASSESSMENT_WORDS, capitalised, STATUSES, STATUS_WORDS, type AnnotationStatus, type Assessment } from '../annotations';
import { stripBom } from '../text';
import { codePointCounter, excerpt } from './build';
import type { ExportDocument, ExportFinding } from './types';

export const QDA_NAMESPACE = 'urn:QDA-XML:project:1.0';
export const PROJECT_FILE = 'project.qde';

/** Longest name given to a selection or note before it is cut. */
const NAME_LENGTH = 60;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A GUID derived from a name (name-based, SHA-1, as UUID version 5 does). */
export function guidFor(name: string): string {
  const hex = sha1Hex(`ilacs-annotator:${name}`);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Characters XML 1.0 does not allow (control characters, lone surrogates) become spaces. */
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ' ');
}

function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

type Attributes = Record<string, string | number | boolean | undefined>;

/** A small XML writer: elements with attributes, text content and indentation. */
class XmlWriter {
  private readonly lines: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  private depth = 0;

  private attrs(attributes: Attributes): string {
    return Object.entries(attributes)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
      .join('');
  }

  open(name: string, attributes: Attributes = {}): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${this.attrs(attributes)}>`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.lines.push(`${'  '.repeat(this.depth)}</${name}>`);
  }

  empty(name: string, attributes: Attributes = {}): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${this.attrs(attributes)}/>`);
  }

  text(name: string, content: string, attributes: Attributes = {}): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${this.attrs(attributes)}>${escapeText(content)}</${name}>`);
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

/**
 * A report's text as a REFI-QDA plain-text source: line breaks as LF, and a map from UTF-16
 * offsets in the original text to code-point positions in the LF text.
 */
export function plainTextSource(original: string): { text: string; position: (offset: number) => number } {
  const body = stripBom(original);
  return { text: body.replace(/\r\n?/g, '\n'), position: codePointCounter(body, { crlfAsOne: true }) };
}

function paragraphLabel(f: ExportFinding): string {
  return f.paragraphNumber !== null ? `paragraph ${f.paragraphNumber}` : (f.paragraph ?? 'no paragraph');
}


export interface QdpxProject {
  /** The zip's entries: `project.qde` and `Sources/<guid>.txt`. */
  files: Record<string, Uint8Array>;
  /** The `.qdpx` file's bytes. */
  zip: Uint8Array;
}

/**
 * The REFI-QDA project for an export. `texts` holds each report's text as the export's offsets
 * count it (the text the findings were resolved on), keyed by report path.
 */
export function exportToQdpx(doc: ExportDocument, texts: ReadonlyMap<string, string>): QdpxProject {
  const xml = new XmlWriter();
  const findings = doc.findings;

  // Users: everyone who made a tag or set a status.
  const authors = [...new Set(findings.flatMap((f) => (f.author ? [f.author] : [])))].sort();
  const userGuid = new Map(authors.map((a) => [a, guidFor(`user:${a}`)]));

  // Codes.
  const criterionGuid = new Map<string, string>();
  const codeFor = (id: string): string => {
    let g = criterionGuid.get(id);
    if (!g) criterionGuid.set(id, (g = guidFor(`criterion:${id}`)));
    return g;
  };
  const assessmentGuid = (a: Assessment): string => guidFor(`assessment:${a}`);
  const statusGuid = (s: AnnotationStatus): string => guidFor(`status:${s}`);
  const printedGuid = guidFor('printed-improvement-area');

  xml.open('Project', {
    xmlns: QDA_NAMESPACE,
    name: `ILACS findings: ${doc.workspace}`,
    origin: `${doc.generator.name} ${doc.generator.version}`,
    creationDateTime: doc.exported,
  });
  if (authors.length > 0) {
    xml.open('Users');
    for (const a of authors) xml.empty('User', { guid: userGuid.get(a), name: a });
    xml.close('Users');
  }

  xml.open('CodeBook');
  xml.open('Codes');
  const known = new Set(doc.codebook.criteria.map((c) => c.id));
  for (const area of doc.codebook.areas) {
    const criteria = doc.codebook.criteria.filter((c) => c.area === area.id);
    if (criteria.length === 0) continue;
    const colour = /^#[0-9a-fA-F]{6}$/.test(area.colour) ? area.colour : undefined;
    xml.open('Code', { guid: guidFor(`area:${area.id}`), name: area.label, isCodable: false, color: colour });
    xml.text('Description', `Judgement area ${area.id} (${area.framework})`);
    for (const c of criteria) {
      xml.open('Code', { guid: codeFor(c.id), name: c.label, isCodable: true, color: colour });
      xml.text('Description', c.description ? `${c.id}: ${c.description}` : c.id);
      xml.close('Code');
    }
    xml.close('Code');
  }
  const unknown = [...new Set(findings.flatMap((f) => f.criteria.map((c) => c.id)).filter((id) => !known.has(id)))].sort();
  if (unknown.length > 0) {
    xml.open('Code', { guid: guidFor('area:not-in-codebook'), name: 'Not in the codebook', isCodable: false });
    for (const id of unknown) xml.empty('Code', { guid: codeFor(id), name: id, isCodable: true });
    xml.close('Code');
  }
  xml.open('Code', { guid: guidFor('group:assessment'), name: 'Assessment', isCodable: false });
  for (const a of ASSESSMENTS) xml.empty('Code', { guid: assessmentGuid(a), name: capitalised(ASSESSMENT_WORDS[a]), isCodable: true });
  xml.close('Code');
  xml.open('Code', { guid: guidFor('group:status'), name: 'Status', isCodable: false });
  for (const s of STATUSES) xml.empty('Code', { guid: statusGuid(s), name: capitalised(STATUS_WORDS[s]), isCodable: true });
  xml.close('Code');
  xml.empty('Code', { guid: printedGuid, name: 'Printed improvement area', isCodable: true });
  xml.close('Codes');
  xml.close('CodeBook');

  // Notes are gathered while the sources are written, then written after them.
  const notes: { guid: string; name: string; text: string; author: string | null; time: string | null }[] = [];
  const projectNotes: string[] = [];
  const addNote = (key: string, name: string, text: string, f: ExportFinding): string => {
    const guid = guidFor(`note:${key}`);
    notes.push({ guid, name, text, author: f.author, time: f.modified ?? f.created });
    return guid;
  };

  const byReport = new Map<string, ExportFinding[]>();
  for (const f of findings) {
    const list = byReport.get(f.report.file);
    if (list) list.push(f);
    else byReport.set(f.report.file, [f]);
  }
  const files: Record<string, Uint8Array> = {};
  const sources: { file: string; list: ExportFinding[]; text: string }[] = [];
  for (const [file, list] of byReport) {
    const text = texts.get(file);
    if (text === undefined) {
      // No text to point into: every finding of the report is kept as a note on the project.
      for (const f of list) projectNotes.push(addNote(`orphan:${f.id}`, `${file}: ${excerpt(f.text, NAME_LENGTH)}`, describe(f, true), f));
      continue;
    }
    sources.push({ file, list, text });
  }

  if (sources.length > 0) {
    xml.open('Sources');
    for (const { file, list, text } of sources) {
      const source = plainTextSource(text);
      const sourceGuid = guidFor(`source:${file}`);
      files[`Sources/${sourceGuid}.txt`] = strToU8(source.text);
      const r = list[0].report;
      xml.open('TextSource', { guid: sourceGuid, name: file, plainTextPath: `internal://${sourceGuid}.txt` });
      xml.text('Description', [r.localAuthority ?? 'Unknown local authority', r.kind, r.framework, r.published ? `published ${r.published}` : null].filter(Boolean).join(', '));
      const orphanNotes: string[] = [];
      for (const f of list) {
        if (!f.location) {
          orphanNotes.push(addNote(`orphan:${f.id}`, `${file}: ${excerpt(f.text, NAME_LENGTH)}`, describe(f, true), f));
          continue;
        }
        const creator = f.author ? userGuid.get(f.author) : undefined;
        const created = f.created ?? f.modified ?? undefined;
        xml.open('PlainTextSelection', {
          guid: f.type === 'tagged' && UUID.test(f.id) ? f.id : guidFor(`finding:${f.id}`),
          name: `${paragraphLabel(f)}: ${excerpt(f.text, NAME_LENGTH)}`,
          startPosition: source.position(f.location.offsets.start),
          endPosition: source.position(f.location.offsets.end),
          creatingUser: creator,
          creationDateTime: created,
          modifyingUser: f.modified ? creator : undefined,
          modifiedDateTime: f.modified ?? undefined,
        });
        xml.text('Description', describe(f, false));
        const codes = [
          ...f.criteria.map((c) => codeFor(c.id)),
          ...(f.assessment ? [assessmentGuid(f.assessment)] : []),
          statusGuid(f.status),
          ...(f.type === 'printed' ? [printedGuid] : []),
        ];
        for (const code of [...new Set(codes)]) {
          xml.open('Coding', { guid: guidFor(`coding:${f.id}:${code}`), creatingUser: creator, creationDateTime: created });
          xml.empty('CodeRef', { targetGUID: code });
          xml.close('Coding');
        }
        if (f.note) xml.empty('NoteRef', { targetGUID: addNote(`note:${f.id}`, `Note: ${excerpt(f.text, NAME_LENGTH)}`, f.note, f) });
        xml.close('PlainTextSelection');
      }
      for (const n of orphanNotes) xml.empty('NoteRef', { targetGUID: n });
      xml.close('TextSource');
    }
    xml.close('Sources');
  }

  if (notes.length > 0) {
    xml.open('Notes');
    for (const n of notes) {
      const creator = n.author ? userGuid.get(n.author) : undefined;
      xml.open('Note', { guid: n.guid, name: n.name, creatingUser: creator, creationDateTime: n.time ?? undefined });
      xml.text('PlainTextContent', n.text);
      xml.close('Note');
    }
    xml.close('Notes');
  }
  xml.text('Description', `Exported from ${doc.generator.name} on ${doc.exported}: ${doc.counts.findings} findings in ${doc.counts.reports} reports.`);
  for (const n of projectNotes) xml.empty('NoteRef', { targetGUID: n });
  xml.close('Project');

  files[PROJECT_FILE] = strToU8(xml.toString());
  const mtime = new Date(doc.exported);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const name of Object.keys(files).sort((a, b) => (a === PROJECT_FILE ? -1 : b === PROJECT_FILE ? 1 : a < b ? -1 : 1))) entries[name] = [files[name], { mtime }];
  return { files, zip: zipSync(entries, { level: 6 }) };
}

/** A finding's description in the project: what it is, where, its state and who made it. */
function describe(f: ExportFinding, withText: boolean): string {
  const lines = [
    f.type === 'tagged'
      ? `Tagged${f.assessment ? ` ${ASSESSMENT_WORDS[f.assessment]}` : ''} (${f.id})`
      : `Printed improvement area${f.improvement.source ? ` (${f.improvement.source})` : ''}`,
    `${f.report.file}, ${paragraphLabel(f)}${f.orphaned ? ' - its text is no longer in the report' : ''}`,
    `Status: ${STATUS_WORDS[f.status]}`,
    `Criteria: ${f.criteria.map((c) => c.label ?? c.id).join('; ') || 'none'}`,
  ];
  if (f.author) lines.push(`By ${f.author}${f.modified ? `, ${f.modified}` : ''}`);
  if (withText) lines.push('', f.text);
  if (withText && f.note) lines.push('', `Note: ${f.note}`);
  return lines.join('\n');
}
