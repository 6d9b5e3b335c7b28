/**
 * The local authorities in England responsible for children's services (the councils Ofsted
 * inspects under ILACS and inspected under SIF and SLAC), including councils since merged or
 * renamed, so older reports are recognised too. Used to find the authority a report is about when
 * its title does not say, for example a news article or an extract without its cover page.
 */
export const ENGLISH_AUTHORITIES: readonly string[] = [
  // London boroughs and the City of London
  'Barking and Dagenham', 'Barnet', 'Bexley', 'Brent', 'Bromley', 'Camden', 'City of London', 'Croydon', 'Ealing',
  'Enfield', 'Greenwich', 'Hackney', 'Hammersmith and Fulham', 'Haringey', 'Harrow', 'Havering', 'Hillingdon',
  'Hounslow', 'Islington', 'Kensington and Chelsea', 'Kingston upon Thames', 'Lambeth', 'Lewisham', 'Merton',
  'Newham', 'Redbridge', 'Richmond upon Thames', 'Southwark', 'Sutton', 'Tower Hamlets', 'Waltham Forest',
  'Wandsworth', 'Westminster',
  // Metropolitan boroughs
  'Barnsley', 'Birmingham', 'Bolton', 'Bradford', 'Bury', 'Calderdale', 'Coventry', 'Doncaster', 'Dudley',
  'Gateshead', 'Kirklees', 'Knowsley', 'Leeds', 'Liverpool', 'Manchester', 'Newcastle upon Tyne', 'North Tyneside',
  'Oldham', 'Rochdale', 'Rotherham', 'Salford', 'Sandwell', 'Sefton', 'Sheffield', 'Solihull', 'South Tyneside',
  'St Helens', 'Stockport', 'Sunderland', 'Tameside', 'Trafford', 'Wakefield', 'Walsall', 'Wigan', 'Wirral',
  'Wolverhampton',
  // County councils, present and past
  'Cambridgeshire', 'Cumbria', 'Derbyshire', 'Devon', 'East Sussex', 'Essex', 'Gloucestershire', 'Hampshire',
  'Hertfordshire', 'Kent', 'Lancashire', 'Leicestershire', 'Lincolnshire', 'Norfolk', 'Northamptonshire',
  'Nottinghamshire', 'Oxfordshire', 'Staffordshire', 'Suffolk', 'Surrey', 'Warwickshire', 'West Sussex',
  'Worcestershire',
  // Unitary authorities, present and past
  'Bath and North East Somerset', 'Bedford', 'Blackburn with Darwen', 'Blackpool', 'Bournemouth',
  'Bournemouth, Christchurch and Poole', 'Bracknell Forest', 'Brighton and Hove', 'Bristol', 'Buckinghamshire',
  'Central Bedfordshire', 'Cheshire East', 'Cheshire West and Chester', 'Cornwall', 'Cumberland', 'Darlington',
  'Derby', 'Dorset', 'Durham', 'East Riding of Yorkshire', 'Halton', 'Hartlepool', 'Herefordshire', 'Isle of Wight',
  'Isles of Scilly', 'Kingston upon Hull', 'Hull', 'Leicester', 'Luton', 'Medway', 'Middlesbrough', 'Milton Keynes',
  'North East Lincolnshire', 'North Lincolnshire', 'North Northamptonshire', 'North Somerset', 'North Yorkshire',
  'Northumberland', 'Nottingham', 'Peterborough', 'Plymouth', 'Poole', 'Portsmouth', 'Reading', 'Redcar and Cleveland',
  'Rutland', 'Shropshire', 'Slough', 'Somerset', 'South Gloucestershire', 'Southampton', 'Southend-on-Sea',
  'Stockton-on-Tees', 'Stoke-on-Trent', 'Swindon', 'Telford and Wrekin', 'Thurrock', 'Torbay', 'Warrington',
  'West Berkshire', 'West Northamptonshire', 'Westmorland and Furness', 'Wiltshire', 'Windsor and Maidenhead',
  'Wokingham', 'York',
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longest names first, so "North East Lincolnshire" is found before "Lincolnshire". */
const NAMES_RE = new RegExp(
  `\\b(${[...ENGLISH_AUTHORITIES].sort((a, b) => b.length - a.length).map((n) => escape(n).replace(/ /g, '\\s+')).join('|')})\\b`,
  'g',
);

/** Ofsted's own address (Piccadilly Gate, Store Street, Manchester M1 2WD) is not the report's authority. */
const OFSTED_ADDRESS = /Manchester\s*,?\s*M1\s*2WD/g;

/**
 * The authority a text mentions most often, counting only mentions that do not start a sentence
 * (so the word "Reading" opening a sentence does not count). Null when none is mentioned twice.
 */
export function mostMentionedAuthority(text: string): string | null {
  const sample = (text.length > 300_000 ? text.slice(0, 300_000) : text).replace(OFSTED_ADDRESS, '');
  const counts = new Map<string, { count: number; first: number }>();
  NAMES_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAMES_RE.exec(sample))) {
    const before = sample.slice(Math.max(0, m.index - 3), m.index);
    if (m.index > 0 && /(?:[.!?]["'’”]?\s+|^\s*|\n\s*)$/.test(before) && m[1] === 'Reading') continue;
    const name = canonical(m[1].replace(/\s+/g, ' '));
    const had = counts.get(name);
    if (had) had.count++;
    else counts.set(name, { count: 1, first: m.index });
  }
  let best: string | null = null;
  let bestCount = 1;
  let bestFirst = Infinity;
  for (const [name, { count, first }] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && first < bestFirst)) {
      best = name;
      bestCount = count;
      bestFirst = first;
    }
  }
  return best;
}

function canonical(name: string): string {
  return name === 'Hull' ? 'Kingston upon Hull' : name;
}

const BY_KEY = new Map(ENGLISH_AUTHORITIES.map((n) => [keyOf(n), canonical(n)]));

function keyOf(name: string): string {
  return name.toLowerCase().replace(/[.,']/g, '').replace(/[-\s]+/g, ' ').trim();
}

/** The list's spelling of an authority name ("St. Helens" becomes "St Helens"); other names unchanged. */
export function canonicalAuthority(name: string): string {
  return BY_KEY.get(keyOf(name)) ?? name;
}
