/**
 * The phrases of the My Access home page, its header, the package page's "You have access" and the
 * approver's request details (issue 18). Kept beside `PortalStrings` so each area adds its own file.
 */
export interface PortalHomeStrings {
  homeTitle: string;
  mainNavigation: string;
  accessPackagesNav: string;
  tabsLabel: string;
  tabAvailable: string;
  tabActive: string;
  tabExpired: string;
  searchLabel: string;
  searchButton: string;
  searchResults(p: { count: number; query: string }): string;
  noneAvailable: string;
  noneActive: string;
  noneExpired: string;
  strangerHint: string;
  openPackage: string;
  request: string;
  extend: string;
  accessUntil(date: string): string;
  accessNoEnd: string;
  accessEnded(date: string): string;
  youHaveAccessUntil(date: string): string;
  youHaveAccess: string;
  viewYourAccess: string;
  firstNameLabel: string;
  lastNameLabel: string;
  nameIntro: string;
  nameRequired: string;
  historyLabel: string;
  historySubmitted(date: string): string;
  historyApproved(p: { by: string | null; date: string }): string;
  historyDenied(p: { by: string | null; date: string }): string;
  historyCompleted(p: { state: string; date: string }): string;
  emailLabel: string;
  organizationLabel: string;
  requestDateLabel: string;
  policyLabel: string;
  daysLeftLabel: string;
  daysLeft(days: number): string;
  signedInLabel: string;
  logoAlt(organization: string): string;
  privacyLink: string;
  termsLink: string;
  footerLabel: string;
}
