import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { agreementCommand } from '../../../src/cli/commands/agreement';
import { tagCommand } from '../../../src/cli/commands/tag';
import { main } from '../../../src/cli/main';
import { storeFileFor } from '../../../src/core/annotations';
import { parseReportText } from '../../../src/core/parser';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, readText, removeWorkspace } from '../workspace/helpers';

interface AgreementJson {
  units: number;
  authors: string[];
  reports: string[];
  pooled: { units: number; agreement: number | null; kappa: number | null; alpha: number | null };
  criteria: { id: string; agreement: number | null; kappa: number | null; alpha: number | null; units: number }[];
  assessment: { units: number; agreement: number | null; kappa: number | null; alpha: number | null };
  disagreements: { file: string; paragraph: string; number: number | null; kind: string; criterion: string | null; values: Record<string, unknown> }[];
}

describe('ilacs agreement', () => {
  let root: string;
  before(async () => {
    root = await makeWorkspace();
    const tag = async (author: string, paragraph: string, assessment: string, ...criteria: string[]): Promise<void> => {
      const io = new FakeIo(root);
      const code = await tagCommand.run([INSPECTION, '--paragraph', paragraph, ...criteria.flatMap((c) => ['--criterion', c]), '--author', author, '--assessment', assessment], io);
      assert.equal(code, 0, io.stderr);
    };
    await tag('A. Officer', '1', 'area-for-improvement', 'hp.drift-delay');
    await tag('A. Officer', '2', 'strength', 'hp.drift-delay', 'lead.recruitment-retention');
    await tag('B. Officer', '1', 'area-for-improvement', 'hp.drift-delay');
    await tag('B. Officer', '3', 'strength', 'lead.recruitment-retention');
    // Only one of the two tagged the focused visit: it does not count.
    const io = new FakeIo(root);
    assert.equal(await tagCommand.run([FOCUSED_VISIT, '--paragraph', 'focused-visit-to-ashcombe-local-authority-childrens-services.1', '--criterion', 'hp.front-door', '--author', 'A. Officer'], io), 0, io.stderr);
  });
  after(async () => {
    await removeWorkspace(root);
  });

  async function run(...args: string[]): Promise<{ code: number; io: FakeIo }> {
    const io = new FakeIo(root);
    const code = await main(['agreement', ...args], io);
    return { code, io };
  }

  it('names a report that cannot be read, as every workspace command does, and exits 1', async () => {
    const good = await run('.', '--author', 'A. Officer', '--author', 'B. Officer', '--json');
    await fs.writeFile(path.join(root, 'empty.txt'), '  \n');
    try {
      const { code, io } = await run('.', '--author', 'A. Officer', '--author', 'B. Officer', '--json');
      assert.equal(code, 1);
      assert.match(io.stderr, /^ilacs agreement: empty\.txt: the file is empty[^\n]*\n$/);
      assert.equal(io.stdout, good.io.stdout, 'the figures of the other reports');
    } finally {
      await fs.rm(path.join(root, 'empty.txt'));
    }
  });

  it('prints the figures and the disagreements as JSON, and exits 0', async () => {
    const { code, io } = await run('.', '--author', 'A. Officer', '--author', 'B. Officer', '--json');
    assert.equal(code, 0, io.stderr);
    const out = JSON.parse(io.stdout) as AgreementJson;
    const report = parseReportText(INSPECTION, await readText(root, INSPECTION));
    const n = report.paragraphs.filter((p) => p.kind !== 'heading').length;
    assert.ok(n > 10);
    assert.equal(out.units, n);
    assert.deepEqual(out.authors, ['A. Officer', 'B. Officer']);
    assert.deepEqual(out.reports, [INSPECTION]);
    assert.deepEqual(out.criteria.map((c) => c.id), ['hp.drift-delay', 'lead.recruitment-retention']);
    // hp.drift-delay: A yes on 1 and 2, B yes on 1. po = (n-1)/n; pe = (2/n)(1/n) + ((n-2)/n)((n-1)/n).
    const drift = out.criteria[0];
    const po = (n - 1) / n;
    const pe = (2 / n) * (1 / n) + ((n - 2) / n) * ((n - 1) / n);
    assert.equal(drift.units, n);
    assert.ok(Math.abs((drift.agreement as number) - po) < 1e-12);
    assert.ok(Math.abs((drift.kappa as number) - (po - pe) / (1 - pe)) < 1e-12);
    // alpha: 2n values, 3 yes; one mixed unit: 1 - (2n - 1) * 2 / ((2n)^2 - 9 - (2n - 3)^2).
    const alpha = 1 - ((2 * n - 1) * 2) / (4 * n * n - 9 - (2 * n - 3) ** 2);
    assert.ok(Math.abs((drift.alpha as number) - alpha) < 1e-12);
    assert.equal(out.pooled.units, 2 * n);
    assert.ok(Math.abs((out.pooled.agreement as number) - (2 * n - 3) / (2 * n)) < 1e-12);
    // Assessments: both tagged paragraph 1 only, and agreed; with no variation kappa and alpha are undefined.
    assert.deepEqual(out.assessment, { units: 1, agreement: 1, kappa: null, alpha: null });
    assert.deepEqual(
      out.disagreements.map((d) => [d.file, d.paragraph, d.number, d.kind, d.criterion, d.values]),
      [
        [INSPECTION, 'p2', 2, 'criterion', 'hp.drift-delay', { 'A. Officer': true, 'B. Officer': false }],
        [INSPECTION, 'p2', 2, 'criterion', 'lead.recruitment-retention', { 'A. Officer': true, 'B. Officer': false }],
        [INSPECTION, 'p3', 3, 'criterion', 'lead.recruitment-retention', { 'A. Officer': false, 'B. Officer': true }],
      ],
    );
  });

  it('prints a table and the disagreeing paragraphs as text; --report limits the reports', async () => {
    const { code, io } = await run('.', '--report', INSPECTION, '--author', 'A. Officer', '--author', 'B. Officer');
    assert.equal(code, 0, io.stderr);
    assert.match(io.stdout, /pooled criteria/);
    assert.match(io.stdout, /hp\.drift-delay/);
    assert.match(io.stdout, /3 disagreement\(s\) in 2 paragraph\(s\)/);
    assert.match(io.stdout, /paragraph 2\n\s+A\. Officer: hp\.drift-delay, lead\.recruitment-retention; strength\n\s+B\. Officer: no criteria; not tagged/);
    const only = await run('.', '--report', FOCUSED_VISIT, '--author', 'A. Officer', '--author', 'B. Officer', '--json');
    assert.equal(only.code, 0);
    assert.equal((JSON.parse(only.io.stdout) as AgreementJson).units, 0);
  });

  it('is a usage mistake without two authors, naming the authors there are', async () => {
    const { code, io } = await run('.', '--author', 'A. Officer');
    assert.equal(code, 2);
    assert.match(io.stderr, /at least two different authors.*A\. Officer, B\. Officer/);
    const missing = await run('.', '--report', 'nope.txt', '--author', 'A', '--author', 'B');
    assert.equal(missing.code, 2);
    assert.match(missing.io.stderr, /--report nope\.txt/);
  });

  it('names a broken store file and still reports the others, exit 1', async () => {
    const other = await makeWorkspace();
    try {
      await fs.cp(path.join(root, '.ilacs'), path.join(other, '.ilacs'), { recursive: true });
      const broken = path.join(other, ...storeFileFor(FOCUSED_VISIT).split('/'));
      await fs.writeFile(broken, '{ not json');
      const io = new FakeIo(other);
      const code = await agreementCommand.run(['.', '--author', 'A. Officer', '--author', 'B. Officer', '--json'], io);
      assert.equal(code, 1);
      assert.match(io.stderr, /ashcombe__09-november-2022\.txt\.json:1:\d+: not valid JSON/);
      assert.equal((JSON.parse(io.stdout) as AgreementJson).reports.length, 1);
    } finally {
      await removeWorkspace(other);
    }
  });
});
