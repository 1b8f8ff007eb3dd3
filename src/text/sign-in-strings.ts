import type { SupportedLocale } from './locales';

/**
 * The OpenID provider's sign-in pages (issue 20): the address, the mailed code, the federated
 * button, and the messages an application shows after a refusal. The consent step reuses the
 * redeem pages' strings (`stringsFor(locale).pages`).
 */
export interface SignInStrings {
  signInTitle: string;
  signInTo(application: string): string;
  email: string;
  sendCode: string;
  invalidEmail: string;
  signInWith(provider: string): string;
  federationFailed: string;
  codeTitle: string;
  codeSent(email: string, minutes: number): string;
  code: string;
  verify: string;
  newCode: string;
  wrongCode: string;
  throttledTitle: string;
  throttled: string;
  notFoundTitle: string;
  notFound: string;
  /** The consent step's heading: an invitation is waiting for the address just proved. */
  consentHeading(application: string): string;
}

const enUS: SignInStrings = {
  signInTitle: 'Sign in',
  signInTo: (application) => `Sign in to ${application}. We will mail you a one-time code.`,
  email: 'Email',
  sendCode: 'Send code',
  invalidEmail: 'Enter a valid email address.',
  signInWith: (provider) => `Sign in with ${provider}`,
  federationFailed: 'The sign-in with your organization did not complete. Try again, or use a code.',
  codeTitle: 'Enter your code',
  codeSent: (email, minutes) => `If ${email} may sign in here, a code is on its way to it. It is valid for ${minutes} minutes.`,
  code: 'Code',
  verify: 'Sign in',
  newCode: 'Send a new code',
  wrongCode: 'That code is wrong or has expired. Check the latest mail, or ask for a new code.',
  throttledTitle: 'Too many attempts',
  throttled: 'Too many codes or attempts. Wait a few minutes and try again.',
  notFoundTitle: 'Not found',
  notFound: 'This page does not exist.',
  consentHeading: (application) => `Before you go on to ${application}, accept the invitation`,
};

const nlNL: SignInStrings = {
  signInTitle: 'Aanmelden',
  signInTo: (application) => `Aanmelden bij ${application}. We mailen u een eenmalige code.`,
  email: 'E-mailadres',
  sendCode: 'Code verzenden',
  invalidEmail: 'Voer een geldig e-mailadres in.',
  signInWith: (provider) => `Aanmelden met ${provider}`,
  federationFailed: 'Het aanmelden bij uw organisatie is niet voltooid. Probeer het opnieuw of gebruik een code.',
  codeTitle: 'Voer uw code in',
  codeSent: (email, minutes) => `Als ${email} zich hier mag aanmelden, is er een code naar dat adres onderweg. De code is ${minutes} minuten geldig.`,
  code: 'Code',
  verify: 'Aanmelden',
  newCode: 'Nieuwe code verzenden',
  wrongCode: 'Die code is onjuist of verlopen. Controleer de laatste e-mail of vraag een nieuwe code aan.',
  throttledTitle: 'Te veel pogingen',
  throttled: 'Te veel codes of pogingen. Wacht een paar minuten en probeer het opnieuw.',
  notFoundTitle: 'Niet gevonden',
  notFound: 'Deze pagina bestaat niet.',
  consentHeading: (application) => `Accepteer de uitnodiging voordat u verdergaat naar ${application}`,
};

const BY_LOCALE: Record<SupportedLocale, SignInStrings> = { 'en-US': enUS, 'nl-NL': nlNL };

export function signInStringsFor(locale: SupportedLocale): SignInStrings {
  return BY_LOCALE[locale];
}
