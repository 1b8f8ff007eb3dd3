import type { SupportedLocale } from './locales';

/**
 * The consent page's "Review permissions" (issue 18): what the inviting organization will be able
 * to see once the guest accepts, as Microsoft's consent page lists it.
 */
export interface ConsentStrings {
  reviewPermissions(organization: string): string;
  permissions: readonly string[];
}

const enUS: ConsentStrings = {
  reviewPermissions: (organization) => `Once you accept, ${organization} will be able to see`,
  permissions: [
    'Your name and email address',
    'The groups, apps and access packages they give you access to',
    'When you accepted the invitation and when you sign in to their pages',
  ],
};

const nlNL: ConsentStrings = {
  reviewPermissions: (organization) => `Als u accepteert, kan ${organization} het volgende zien`,
  permissions: [
    'Uw naam en e-mailadres',
    'De groepen, apps en toegangspakketten waartoe zij u toegang geven',
    'Wanneer u de uitnodiging hebt geaccepteerd en wanneer u zich aanmeldt op hun pagina’s',
  ],
};

const BY_LOCALE: Record<SupportedLocale, ConsentStrings> = { 'en-US': enUS, 'nl-NL': nlNL };

export function consentStringsFor(locale: SupportedLocale): ConsentStrings {
  return BY_LOCALE[locale];
}
