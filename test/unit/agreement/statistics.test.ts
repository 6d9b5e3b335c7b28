import * as assert from 'node:assert/strict';
import { cohenKappa, figures, krippendorffAlpha, observedAgreement, type ReliabilityUnit } from '../../../src/core/agreement';

/** Units from one row of values per coder ('.' or '*' for a missing value). */
function columns(...rows: string[][]): ReliabilityUnit[] {
  const n = rows[0].length;
  return Array.from({ length: n }, (_, i) => rows.map((r) => (r[i] === '.' || r[i] === '*' ? null : r[i])));
}

/** Units from a two-coder contingency table: `table[i][j]` units coded `values[i]` by the first and `values[j]` by the second. */
function fromTable(values: string[], table: number[][]): ReliabilityUnit[] {
  const units: ReliabilityUnit[] = [];
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let k = 0; k < count; k++) units.push([values[i], values[j]]);
  }));
  return units;
}

function close(actual: number | null, expected: number, digits = 3): void {
  assert.notEqual(actual, null);
  assert.equal(Number((actual as number).toFixed(digits)), expected, `${actual} is not ${expected} to ${digits} places`);
}

describe('agreement statistics', () => {
  describe('worked by hand', () => {
    // A: yes yes no no no no; B: yes no no no no yes.
    // po = 4/6. Each coder says yes 2/6 times: pe = (2/6)^2 + (4/6)^2 = 20/36; kappa = (24/36 - 20/36) / (16/36) = 0.25.
    // alpha: n = 12 values (4 yes, 8 no); units 2 and 6 each give 2 ordered disagreeing pairs / (2 - 1);
    // alpha = 1 - (12 - 1) * 4 / (144 - 16 - 64) = 1 - 44/64 = 0.3125.
    const units = columns(['y', 'y', 'n', 'n', 'n', 'n'], ['y', 'n', 'n', 'n', 'n', 'y']);

    it('observed agreement, kappa and alpha of two coders', () => {
      assert.equal(observedAgreement(units), 4 / 6);
      close(cohenKappa(units), 0.25, 12);
      close(krippendorffAlpha(units), 0.3125, 12);
    });

    it('alpha of three coders with missing values', () => {
      // Units [a a b] [a a .] [b b b] [a . .]. The last has one value and is not pairable.
      // Unit 1: 3 values, ordered pairs of different values 2*1*2 = 4, weighted 1/(3-1): 2. Others 0.
      // n = 3 + 2 + 3 = 8, n(a) = 4, n(b) = 4: alpha = 1 - 7 * 2 / (64 - 16 - 16) = 1 - 14/32 = 0.5625.
      const three = columns(['a', 'a', 'b', 'a'], ['a', 'a', 'b', '.'], ['b', '.', 'b', '.']);
      assert.equal(krippendorffAlpha(three), 0.5625);
      assert.equal(observedAgreement(three), 2 / 3);
      const f = figures(three, 3);
      assert.equal(f.units, 3);
      assert.equal(f.kappa, null, 'kappa is for two coders');
    });

    it('perfect agreement is 1; agreement with no variation is undefined, not 1', () => {
      const perfect = columns(['y', 'n', 'y'], ['y', 'n', 'y']);
      assert.equal(cohenKappa(perfect), 1);
      assert.equal(krippendorffAlpha(perfect), 1);
      const constant = columns(['n', 'n', 'n'], ['n', 'n', 'n']);
      assert.equal(observedAgreement(constant), 1);
      assert.equal(cohenKappa(constant), null);
      assert.equal(krippendorffAlpha(constant), null);
      assert.deepEqual(figures([], 2), { units: 0, agreement: null, kappa: null, alpha: null });
    });

    it('kappa leaves out units one coder did not code', () => {
      const units2 = columns(['y', 'y', 'n', 'n', 'n', 'n', 'y'], ['y', 'n', 'n', 'n', 'n', 'y', '.']);
      close(cohenKappa(units2), 0.25, 12);
      assert.equal(observedAgreement(units2), 4 / 6);
    });

    it('systematic disagreement is below zero', () => {
      const opposite = columns(['y', 'n', 'y', 'n'], ['n', 'y', 'n', 'y']);
      assert.equal(cohenKappa(opposite), -1);
      // n = 8 (4 yes, 4 no), 8 disagreeing ordered pairs: 1 - 7 * 8 / 32 = -0.75.
      assert.equal(krippendorffAlpha(opposite), -0.75);
    });
  });

  describe('published examples', () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    // Communication, University of Pennsylvania. Example A: binary data, two observers, ten units,
    // no missing data: alpha = 0.095.
    it("Krippendorff's binary two-observer example: alpha = 0.095", () => {
      const units = columns(['0', '1', '0', '0', '0', '0', '0', '0', '1', '0'], ['1', '1', '1', '0', '0', '1', '0', '0', '0', '0']);
      close(krippendorffAlpha(units), 0.095);
    });

    // Same source, example C: nominal data, four observers, twelve units, missing values
    // ("*" in the paper): alpha = 0.743.
    it("Krippendorff's nominal four-observer example with missing data: alpha = 0.743", () => {
      const units = columns(
        ['1', '2', '3', '3', '2', '1', '4', '1', '2', '*', '*', '*'],
        ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', '*', '3'],
        ['*', '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', '*'],
        ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', '*'],
      );
      close(krippendorffAlpha(units), 0.743);
      // Unit 12 has one value and is left out: 11 pairable units.
      assert.equal(figures(units, 4).units, 11);
    });

    // Wikipedia, "Cohen's kappa", section "Simple example": 50 applications read by two readers,
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4.
    it("the two-reader yes/no table of Wikipedia's article on Cohen's kappa: kappa = 0.4", () => {
      const units = fromTable(['yes', 'no'], [[20, 5], [10, 15]]);
      assert.equal(observedAgreement(units), 0.7);
      close(cohenKappa(units), 0.4, 6);
    });

    // easycalculation.com, "Cohen's kappa index" (statistics, learn): 20 patients examined by two
    // doctors, 12 yes/yes, 2 yes/no, 4 no/yes, 2 no/no: Pr(a) = 0.7, Pr(e) = 0.62, kappa = 0.21.
    it('the two-doctor diagnosis table of easycalculation.com: kappa = 0.21', () => {
      const units = fromTable(['yes', 'no'], [[12, 2], [4, 2]]);
      assert.equal(observedAgreement(units), 0.7);
      close(cohenKappa(units), 0.21, 2);
    });
  });
});
