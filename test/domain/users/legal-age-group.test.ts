import { describe, expect, it } from 'vitest';
import { AGE_GROUPS, CONSENTS_FOR_MINOR, legalAgeGroupClassification } from '../../../src/domain/users/legal-age-group';

describe('legalAgeGroupClassification', () => {
  const table: [string | null, string | null, string | null][] = [
    [null, null, null],
    [null, 'Granted', 'Undefined'],
    [null, 'Denied', 'Undefined'],
    [null, 'NotRequired', 'Undefined'],
    ['Minor', null, 'MinorWithOutParentalConsent'],
    ['Minor', 'Denied', 'MinorWithOutParentalConsent'],
    ['Minor', 'Granted', 'MinorWithParentalConsent'],
    ['Minor', 'NotRequired', 'MinorNoParentalConsentRequired'],
    ['NotAdult', null, 'NotAdult'],
    ['NotAdult', 'Granted', 'NotAdult'],
    ['NotAdult', 'Denied', 'NotAdult'],
    ['NotAdult', 'NotRequired', 'NotAdult'],
    ['Adult', null, 'Adult'],
    ['Adult', 'Granted', 'Adult'],
    ['Adult', 'Denied', 'Adult'],
    ['Adult', 'NotRequired', 'Adult'],
  ];

  it('when every ageGroup meets every consent value, then the classification follows the table', () => {
    expect(table).toHaveLength((AGE_GROUPS.length + 1) * (CONSENTS_FOR_MINOR.length + 1));
    for (const [age, consent, expected] of table) {
      expect(legalAgeGroupClassification(age as never, consent as never), `${age}/${consent}`).toBe(expected);
    }
  });
});
