/**
 * Builds `@odata.context` as Graph does: `https://host/api/v1.0/$metadata#users`, or with a
 * projection `…#users(displayName,mail)`. `baseUrl` is the service root (trailing slashes are
 * ignored); `entitySetPath` the set as Graph names it (`users`,
 * `identityGovernance/entitlementManagement/accessPackages`).
 */
export function odataContext(baseUrl: string, entitySetPath: string, select?: readonly string[]): string {
  const projection = select && select.length > 0 ? `(${select.join(',')})` : '';
  return `${baseUrl.replace(/\/+$/, '')}/$metadata#${entitySetPath}${projection}`;
}
