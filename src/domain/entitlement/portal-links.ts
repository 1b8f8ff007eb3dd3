/**
 * The My Access portal's addresses, shared by the share link, the mails and the pages. `base` is
 * `RequestSite.portalBaseUrl` (no trailing slash). The share link keeps the My Access format
 * (`<portal>/@<directory hint>#/access-packages/<id>`); the fragment never reaches the server, so
 * the `@<hint>` page forwards to the server-rendered package page.
 */
export const portalLinks = {
  shareLink: (base: string, directoryHint: string, accessPackageId: string): string => `${base}/@${encodeURIComponent(directoryHint)}#/access-packages/${accessPackageId}`,
  accessPackage: (base: string, accessPackageId: string): string => `${base}/access-packages/${encodeURIComponent(accessPackageId)}`,
  requests: (base: string): string => `${base}/requests`,
  /** The approval page; `decision` preselects a choice (a GET never decides). */
  approval: (base: string, requestId: string, decision?: 'Approve' | 'Deny'): string =>
    `${base}/approvals/${encodeURIComponent(requestId)}${decision ? `?decision=${decision}` : ''}`,
  /** The one-click extension page of an expiring assignment (the click is a POST on that page). */
  extend: (base: string, assignmentId: string): string => `${base}/assignments/${encodeURIComponent(assignmentId)}/extend`,
};
