import * as assert from 'node:assert/strict';
import { canonicalAuthority, ENGLISH_AUTHORITIES, mostMentionedAuthority } from '../../../src/core/parser/authorities';
import { parseReportText } from '../../../src/core/parser';

describe('finding the local authority', () => {
  it('lists each authority once', () => {
    assert.equal(new Set(ENGLISH_AUTHORITIES).size, ENGLISH_AUTHORITIES.length);
  });

  it('takes the authority mentioned most often, longest name first', () => {
    const text = 'Leaders in North East Lincolnshire have acted. Children in North East Lincolnshire are safer. Lincolnshire police help.';
    assert.equal(mostMentionedAuthority(text), 'North East Lincolnshire');
  });

  it("ignores Ofsted's own Manchester address and a sentence opening with Reading", () => {
    const text = 'Piccadilly Gate\nStore Street\nManchester\nM1 2WD\n\nReading the case files, inspectors saw drift in Bury. Social workers in Bury know children well. Reading is hard.';
    assert.equal(mostMentionedAuthority(text), 'Bury');
  });

  it('needs two mentions before naming an authority', () => {
    assert.equal(mostMentionedAuthority('A passing mention of Leeds.'), null);
  });

  it('spells names as the list does', () => {
    assert.equal(canonicalAuthority('St. Helens'), 'St Helens');
    assert.equal(canonicalAuthority('Southend on Sea'), 'Southend-on-Sea');
    assert.equal(canonicalAuthority('Wexcombe'), 'Wexcombe');
  });

  it('names the authority of an inspection extract that has lost its title page', () => {
    const text = [
      'The experiences and progress of children who need help and',
      'protection: Inadequate',
      '1.',
      '',
      'Children in Rochdale wait too long for help. Leaders in Rochdale know this.',
      '',
    ].join('\n');
    assert.equal(parseReportText('extract.txt', text).localAuthority, 'Rochdale');
  });
});
