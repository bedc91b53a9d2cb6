/**
 * The pds suite's inputs: the NHS numbers and search scenarios to use, each defaulting to the value the
 * specification gives for its sandbox (the "Sandbox test scenarios" tables of components/paths/*.yaml), so
 * the suite runs as it is against the hosted sandbox and needs only these inputs for another environment.
 */
const query = (title: string, value: string) => ({ type: 'string', title: `${title} (URL query)`, default: value }) as const;

const jane = 'family=Smith&gender=female&birthdate=eq2010-10-22';
const janeContact = 'email=jane.smith%40example.com&phone=01632960587';

export const inputs = {
  accessMode: {
    type: 'string',
    title: 'The access mode of the credentials: sandbox, healthcare-worker, application-restricted or patient',
    description: 'Tests of operations the access mode does not allow are omitted (personal-demographics.yaml, "Access modes").',
    default: 'sandbox',
  },
  patientNhsNumber: { type: 'string', title: 'NHS number of an unrestricted patient with several related people', default: '9000000009' },
  restrictedNhsNumber: { type: 'string', title: 'NHS number of a restricted (sensitive) patient', default: '9000000025' },
  minimalNhsNumber: { type: 'string', title: 'NHS number of a patient with minimal data', default: '9000000033' },
  unknownNhsNumber: { type: 'string', title: 'A valid NHS number no patient has', default: '9111231130' },
  invalidNhsNumber: { type: 'string', title: 'An invalid NHS number (wrong check digit)', default: '9000000000' },
  singleRelatedNhsNumber: { type: 'string', title: 'NHS number of a patient with exactly one related person', default: '9000000017' },
  searchBasic: query('A search matching one patient on family, gender, birth date, email and phone', `${jane}&${janeContact}`),
  searchNoMatch: query('The same search with an email and phone no patient has', `${jane}&email=deb.trotter%40example.com&phone=0121111111`),
  searchWildcard: query('A wildcard search matching several patients', 'family=Sm*&gender=female&birthdate=eq2010-10-22'),
  searchWildcardContact: query('A wildcard search narrowed to one patient by email and phone', `family=Sm*&gender=female&birthdate=eq2010-10-22&${janeContact}`),
  searchMaxResults: query('A search with _max-results', `family=Sm*&gender=female&birthdate=eq2010-10-22&${janeContact}&_max-results=1`),
  searchTooManyMatches: query('A search matching more patients than its _max-results', 'family=Sm*&gender=female&birthdate=eq2010-10-22&_max-results=1'),
  searchDateRange: query('A search on a birth date range', `family=Smith&gender=female&birthdate=ge2010-10-21&birthdate=le2010-10-23&${janeContact}`),
  searchFuzzyContact: query('A fuzzy search with email and phone', `family=Smith&given=Jane&gender=female&birthdate=eq2010-10-22&${janeContact}&_fuzzy-match=true`),
  searchFuzzy: query('A fuzzy search without email or phone', 'family=Smith&given=Jane&gender=female&birthdate=eq2010-10-22&_fuzzy-match=true'),
  searchRestricted: query(
    'A search matching a restricted patient',
    'family=Smythe&given=Janet&gender=female&birthdate=eq2005-06-16&email=janet.smythe%40example.com&phone=01632960587',
  ),
  searchCompoundName: query(
    'A search on a compound first name and a middle name',
    'family=Smith&given=John%20Paul&given=James&gender=male&birthdate=eq2010-10-22&email=johnp.smith%40example.com&phone=01632960587',
  ),
  searchUnmatched: query('A valid search that matches nobody', 'family=Jones&gender=male&birthdate=eq1990-01-01'),
  searchInvalidParameter: query(
    'A search with an unrecognised parameter and invalid values',
    'family=Sm*&gender=female&invalidParam=123&birthdate=eq2010-10-22&email=j.smith%40example.com&phone=0163',
  ),
  searchContactOnly: query('A search on email and phone only', 'email=j.smith%40example.com&phone=0163'),
  searchInvalidDate: query('A search with a birth date not in the format YYYY-MM-DD', 'family=Smith&gender=female&birthdate=22-10-2010'),
  searchTooFew: query('A search with too few parameters', 'family=Smith&gender=female'),
  searchInvalidMaxResults: query('A search with _max-results out of range', 'family=Smith&gender=female&birthdate=eq2010-10-22&_max-results=51'),
  createNewFamily: { type: 'string', title: 'Family name of a patient to create that matches no record', default: 'Edwards' },
  createSingleMatchFamily: { type: 'string', title: 'Family name that makes a create match exactly one record', default: 'McMatch-Single' },
  createMultipleMatchFamily: { type: 'string', title: 'Family name that makes a create match several records', default: 'McMatch-Multiple' },
  coverageNhsNumber: { type: 'string', title: 'NHS number of a patient with EHIC coverage', default: '9000000009' },
  noCoverageNhsNumber: { type: 'string', title: 'NHS number of a patient without coverage', default: '9000000033' },
  coverageInvalidQuery: query('A Coverage search not in the form subscriber:identifier={NHS number}', 'subscriber:identifier=9999999990&year=2003'),
} as const;

export type PdsInputs = typeof inputs;

/** The inputs that hold a search query. */
export type SearchInput = { [K in keyof PdsInputs]: K extends `search${string}` ? K : never }[keyof PdsInputs];
