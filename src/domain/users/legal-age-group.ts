/** Parental-controls values of a user (REFERENCE §2). */
export const AGE_GROUPS = ['Minor', 'NotAdult', 'Adult'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const CONSENTS_FOR_MINOR = ['Granted', 'Denied', 'NotRequired'] as const;
export type ConsentProvidedForMinor = (typeof CONSENTS_FOR_MINOR)[number];

export type LegalAgeGroupClassification =
  | 'Undefined'
  | 'MinorWithOutParentalConsent'
  | 'MinorWithParentalConsent'
  | 'MinorNoParentalConsentRequired'
  | 'NotAdult'
  | 'Adult';

/**
 * Entra's read-only `legalAgeGroupClassification`, computed from `ageGroup` and
 * `consentProvidedForMinor`:
 *
 * | ageGroup | consentProvidedForMinor | classification |
 * |---|---|---|
 * | null | null | null |
 * | null | any value | Undefined |
 * | Minor | null or Denied | MinorWithOutParentalConsent |
 * | Minor | Granted | MinorWithParentalConsent |
 * | Minor | NotRequired | MinorNoParentalConsentRequired |
 * | NotAdult | any | NotAdult |
 * | Adult | any | Adult |
 *
 * Consent only qualifies a minor: for teenagers and adults it does not change the class.
 */
export function legalAgeGroupClassification(
  ageGroup: AgeGroup | null,
  consent: ConsentProvidedForMinor | null,
): LegalAgeGroupClassification | null {
  switch (ageGroup) {
    case null:
      return consent === null ? null : 'Undefined';
    case 'Minor':
      if (consent === 'Granted') return 'MinorWithParentalConsent';
      if (consent === 'NotRequired') return 'MinorNoParentalConsentRequired';
      return 'MinorWithOutParentalConsent';
    case 'NotAdult':
      return 'NotAdult';
    case 'Adult':
      return 'Adult';
  }
}
