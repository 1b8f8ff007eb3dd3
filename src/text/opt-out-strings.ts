import type { SupportedLocale } from './locales';

/** The "Block future invitations" page, in every supported language. */
export interface OptOutStrings {
  title(organization: string): string;
  askBlock(p: { organization: string; email: string }): string;
  block: string;
  blocked(p: { organization: string; email: string }): string;
  allow: string;
  allowed(p: { organization: string; email: string }): string;
}

const OPT_OUT_STRINGS: Record<SupportedLocale, OptOutStrings> = {
  'en-US': {
    title: (organization) => `Invitations from ${organization}`,
    askBlock: ({ organization, email }) => `Do you want ${organization} to stop sending invitations to ${email}? You can allow them again from this page.`,
    block: 'Block future invitations',
    blocked: ({ organization, email }) => `${organization} can no longer invite ${email}. You can allow invitations again from this page.`,
    allow: 'Allow invitations again',
    allowed: ({ organization, email }) => `${organization} may invite ${email} again.`,
  },
  'nl-NL': {
    title: (organization) => `Uitnodigingen van ${organization}`,
    askBlock: ({ organization, email }) => `Wilt u dat ${organization} geen uitnodigingen meer stuurt naar ${email}? U kunt ze op deze pagina weer toestaan.`,
    block: 'Toekomstige uitnodigingen blokkeren',
    blocked: ({ organization, email }) => `${organization} kan ${email} niet meer uitnodigen. U kunt uitnodigingen op deze pagina weer toestaan.`,
    allow: 'Uitnodigingen weer toestaan',
    allowed: ({ organization, email }) => `${organization} mag ${email} weer uitnodigen.`,
  },
};

export const optOutStringsFor = (locale: SupportedLocale): OptOutStrings => OPT_OUT_STRINGS[locale];
