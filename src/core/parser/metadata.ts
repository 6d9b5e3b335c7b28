/** What kind of report this is, which framework it was written under, whom and when it is about. */
import type { Framework, InspectionDates, Report, ReportKind } from '../model';
import { canonicalAuthority, mostMentionedAuthority } from './authorities';
import { findDateRange, parseDate } from './dates';

/** What the head of a report says about it: the report model's metadata fields. */
export type Metadata = Pick<Report, 'kind' | 'framework' | 'title' | 'localAuthority' | 'published' | 'inspectionDates' | 'leadInspector'>;

const LA_PREFIX = /^(?:the\s+)?(?:london borough of|royal borough of|city of|metropolitan borough of|borough of|county of)\s+/i;
const LA_SUFFIX =
  /\s+(?:metropolitan borough council|metropolitan district council|metropolitan council|borough council|county council|city council|district council|council|borough|county|children.s services|children.s social care services|local authority)$/i;

export function cleanAuthority(name: string): string | null {
  let n = name.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i++) n = n.replace(LA_PREFIX, '').replace(LA_SUFFIX, '').trim();
  n = n.replace(/^the\s+/i, '').replace(/[.,:;]+$/, '');
  if (n.length < 2 || n.length > 60 || !/^[A-Z]/.test(n)) return null;
  return canonicalAuthority(n);
}

/**
 * Reads metadata from the head of the report (its first lines, joined) and, where the head says
 * nothing, from the whole text.
 */
export function readMetadata(text: string, letterDate: string | null, signatory: string | null): Metadata {
  const headRaw = text.slice(0, 6000);
  const head = headRaw.replace(/[’`]/g, "'").replace(/\s+/g, ' ');
  // The whole text with apostrophes made plain, built only when the head does not say enough.
  let wholeText: string | null = null;
  const whole = (): string => (wholeText ??= text.length > 6000 ? text.replace(/[’`]/g, "'") : headRaw.replace(/[’`]/g, "'"));

  let kind: ReportKind = 'other';
  let title: string | null = null;
  let la: string | null = null;

  const fv = /Focused visit to (.{2,80}?) (?:local authority )?children's services/i.exec(head);
  const mv = /Monitoring visit (?:to|of) (.{2,80}?) (?:local authority )?children's services/i.exec(head);
  const jtai = /Joint targeted area inspection/i.exec(head.slice(0, 400));
  const ilacsTitle =
    /Inspection of (.{2,80}?) local authority children's services/i.exec(head) ??
    /^\s*Inspection of (.{2,60}?) (?:Children(?:'s| and Families) Trust|children's services)/i.exec(head);
  const sifTitle = /Inspection of services for children in need of help and protection/i.exec(head);
  const slac =
    hasSlacGrade(text) ||
    /inspection of (?:safeguarding and )?looked after children/i.test(head);
  const letter = /This letter summarises the findings/i.test(head);

  // A visit is a focused visit when the letter says so, or when its title does: the phrase opens
  // the text, with no sentence before it (a news story mentions the visit inside a sentence).
  const titled = (m: RegExpExecArray): boolean => /^[A-Z]/.test(m[0]) && m.index < 200 && !/[.!?]/.test(head.slice(0, m.index));
  if (fv && (letter || titled(fv))) {
    kind = 'focused-visit';
    title = fv[0];
    la = cleanAuthority(fv[1]);
  } else if (mv && (letter || titled(mv))) {
    kind = 'monitoring-visit';
    title = mv[0];
    la = cleanAuthority(mv[1]);
  } else if (jtai) {
    kind = 'jtai';
    title = 'Joint targeted area inspection';
    const m = /(?:inspection|response)\s+(?:of|in)\s+([A-Z][\w' -]{1,40}?)(?:\s*[,.(]|\s+(?:between|from|on)\b)/.exec(head.slice(jtai.index));
    la = m ? cleanAuthority(m[1]) : null;
  } else if (ilacsTitle) {
    kind = 'inspection';
    title = ilacsTitle[0];
    la = cleanAuthority(ilacsTitle[1]);
  } else if (sifTitle || slac || /^\s*Judgement\s+Grade\b/i.test(head) || /Inspection dates?:/i.test(head)) {
    kind = 'inspection';
  }

  // The first line of a SIF or early ILACS report names the council.
  if (!la && kind === 'inspection') {
    const first = councilHeading(text);
    if (first) la = cleanAuthority(first);
    if (!title) {
      const m = /(Inspection of [^.]{5,140}?)(?= Inspection dates?:| Lead inspector| Judgement)/i.exec(head);
      title = m ? m[1].trim() : null;
    }
  }
  if (!la) la = frequentAuthority(whole());

  // Framework: the era's judgement vocabulary, then the date.
  const inspectionDates = readInspectionDates(head);
  let published: string | null = null;
  const pub = /Report published:?\s*(\d{1,2}\s+\w+\s+\d{4})/i.exec(head) ?? /Publication date:?\s*(\d{1,2}\s+\w+\s+\d{4})/i.exec(head);
  if (pub) published = parseDate(pub[1]);
  if (!published && letterDate) published = parseDate(letterDate);

  const year = Number((inspectionDates?.end ?? published ?? '').slice(0, 4)) || null;
  let framework: Framework = 'unknown';
  if (kind !== 'other') {
    if (slac) framework = 'slac';
    else if (sifTitle || /What does the local authority need to improve\?/i.test(head) || /The overall judgement is/i.test(head)) framework = 'sif';
    else if (/\bILACS\b|Inspection of .{2,80}? local authority children's services|Judgement Grade|The impact of leaders on/i.test(head)) framework = 'ilacs';
    else if (year !== null) framework = year >= 2018 ? 'ilacs' : year >= 2014 ? 'sif' : 'slac';
    if ((kind === 'focused-visit' || kind === 'jtai') && framework === 'unknown') framework = 'ilacs';
  }

  return { kind, framework, title, localAuthority: la, published, inspectionDates, leadInspector: readLeadInspector(head, text, whole, signatory) };
}

const SLAC_GRADE = /Grade [1-4] \((?:Outstanding|Good|Adequate|Inadequate)\)|(?:Outstanding|Good|Adequate|Inadequate) \(Grade [1-4]\)/i;

/**
 * Whether the text states a grade the SLAC way, "Grade 3 (Adequate)" or "Adequate (Grade 3)".
 * Both forms hold an opening bracket at most 12 characters from either end, so only the
 * neighbourhood of each "(" is searched. Apostrophes do not matter, so the raw text will do.
 */
function hasSlacGrade(text: string): boolean {
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    if (SLAC_GRADE.test(text.slice(Math.max(0, p - 12), p + 13))) return true;
  }
  return false;
}

/** The council named above the title, which may wrap onto a second line. */
function councilHeading(text: string): string | null {
  const lines = text
    .split(/\r\n|\r|\n/, 12)
    .map((l) => l.replace(/[\f\s]+/g, ' ').replace(/’/g, "'").trim())
    .filter(Boolean);
  const title = lines.findIndex((l) => /^Inspection of\b/i.test(l));
  if (title < 0 || title > 2) return null;
  if (title > 0) return lines.slice(0, title).join(' ');
  const after = lines.slice(1, 4).find((l) => /\b(?:Council|Borough)$/.test(l));
  return after ?? null;
}

function readInspectionDates(head: string): InspectionDates | null {
  const m = /Inspection dates?:?\s*(.{4,90})/i.exec(head) ?? /Dates? of (?:the )?inspection:?\s*(.{4,90})/i.exec(head);
  if (m) return findDateRange(m[1]);
  const visit = /(?:focused|monitoring) visit to .{2,120}? on (.{4,90})/i.exec(head);
  if (visit) return findDateRange(visit[1]);
  const between = /(?:carried out|took place|visited|visit|inspection|inspected)\s+(?:on|between|from|during)\s+(.{4,90})/i.exec(head);
  if (between) return findDateRange(between[1]);
  const anyBetween = /\bbetween\s+(\d{1,2}(?:st|nd|rd|th)?\s.{4,80})/i.exec(head);
  if (anyBetween) return findDateRange(anyBetween[1]);
  return null;
}

function readLeadInspector(head: string, text: string, whole: () => string, signatory: string | null): string | null {
  const re = /Lead inspector:?[ \t]*([A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,3}?)(?=,|[ \t]+(?:HMI|Her Majesty|His Majesty|Ofsted Inspector|Senior HMI)\b|\s+Inspection dates?|\s+Judgement|\s*$|\s*\n)/m;
  // The whole text is searched only when it holds the label at all (making apostrophes plain does not create it).
  const m = re.exec(head) ?? (text.indexOf('Lead inspector') >= 0 ? re.exec(whole()) : null);
  if (m) return m[1].trim();
  if (signatory && /^[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){1,3}$/.test(signatory)) return signatory;
  return null;
}

/**
 * When the title names no council: the English children's services authority mentioned most often,
 * else a place named as "<Name> Council".
 */
function frequentAuthority(text: string): string | null {
  const named = mostMentionedAuthority(text);
  if (named) return named;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const counts = new Map<string, number>();
  const re = /\b((?:[A-Z][a-z'-]+)(?:[ -](?:upon|on|in|and|with|under)?[ -]?[A-Z][a-z'-]+){0,3}) (?:Metropolitan Borough |Borough |County |City )?Council\b/g;
  // A place the text is about: "in Wexcombe,", "across Wexcombe and".
  const about = /\b(?:in|across) ((?:[A-Z][a-z'-]+)(?:[ -](?:upon|on|and)?[ -]?[A-Z][a-z'-]+){0,2})(?=[.,;:]|\s+(?:is|are|has|have|was|were|and)\b)/g;
  const bump = (name: string): void => {
    const clean = cleanAuthority(name);
    if (!clean || /^(The|This|England|Wales|Britain|Education|Ofsted|February|March|April|May|June|July|August|September|October|November|December|January)$/.test(clean)) return;
    if (/\b(Children|Care|Safeguarding|Partnership|Board|Parenting|Services?|Court|Trust|NHS|Police|Health|Youth|Young|Department|Ofsted)\b/.test(clean)) return;
    counts.set(clean, (counts.get(clean) ?? 0) + 1);
  };
  let m: RegExpExecArray | null;
  while ((m = re.exec(sample))) bump(m[1]);
  while ((m = about.exec(sample))) bump(m[1]);
  const services = /\b([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)(?:['’]s)? (?:children['’]s services|children['’]s social care)\b/g;
  while ((m = services.exec(sample))) bump(m[1]);
  let best: string | null = null;
  let bestCount = 1;
  for (const [name, count] of counts) if (count > bestCount) [best, bestCount] = [name, count];
  return best;
}
