/**
 * The My Access portal's phrases (`Strings.pages.myAccess`), plain text like every other string.
 * Kept apart from `strings.ts` because the portal has many of them.
 */
export interface PortalStrings {
  portalName: string;
  notAvailableTitle: string;
  notAvailableBody: string;
  forwardTitle: string;
  forwardBody: string;
  forwardNoScript: string;
  whatYouGet: string;
  grantsNothing: string;
  roleOf(p: { role: string; resource: string }): string;
  signInHeading: string;
  signInIntro: string;
  emailLabel: string;
  sendCode: string;
  codeHeading: string;
  codeSent(p: { email: string; minutes: number }): string;
  /** Shown after codeSent when the mail quota will hold the code back noticeably. */
  codeDelayed(p: { minutes: number }): string;
  codeLabel: string;
  verify: string;
  newCode: string;
  codeInvalid: string;
  emailInvalid: string;
  throttledTitle: string;
  throttledBody(minutes: number): string;
  signedInAs(email: string): string;
  signOut: string;
  myRequests: string;
  myApprovals: string;
  noPolicy: string;
  policyHeading(name: string): string;
  approvalNeeded: string;
  justificationLabel: string;
  required: string;
  startLabel: string;
  endLabel: string;
  requestAccess: string;
  requestsTitle: string;
  noRequests: string;
  submitted: string;
  stateLabel: string;
  states: { pending: string; scheduled: string; delivering: string; delivered: string; partiallyDelivered: string; denied: string; timedOut: string; expired: string; canceled: string; failed: string };
  requestedOn(date: string): string;
  reasonLabel: string;
  cancelRequest: string;
  approvalsTitle: string;
  noApprovals: string;
  decisionRecorded: string;
  approvalTitle: string;
  requestorLabel: string;
  requestedAccessLabel: string;
  answersLabel: string;
  approve: string;
  deny: string;
  nothingToDecide: string;
  notInDirectory: string;
  extendTitle: string;
  extendIntro(p: { accessPackage: string; date: string | null }): string;
  requestExtension: string;
  errorTitle: string;
  errorStatus(status: number): string;
}
