import { odataString } from '../users/users-api';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A local date (yyyy-mm-dd) as the UTC instant its day starts, or, with `endOfDay`, ends. */
function dayBound(day: string, endOfDay: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The `$filter` of the screen's filters, as GET /auditLogs/directoryAudits documents them:
 * activity (startsWith), a date range (activityDateTime ge/le), initiated by (a user's id or the
 * start of their user principal name) and target (a resource's id, or the start of its name).
 */
export function auditFilter(f: { activity: string; from: string; to: string; initiatedBy: string; target: string }): string | undefined {
  const parts: string[] = [];
  if (f.activity) parts.push(`startsWith(activityDisplayName,${odataString(f.activity)})`);
  const from = dayBound(f.from, false);
  const to = dayBound(f.to, true);
  if (from) parts.push(`activityDateTime ge ${from}`);
  if (to) parts.push(`activityDateTime le ${to}`);
  if (f.initiatedBy) parts.push(GUID.test(f.initiatedBy) ? `initiatedBy/user/id eq ${f.initiatedBy}` : `startsWith(initiatedBy/user/userPrincipalName,${odataString(f.initiatedBy)})`);
  if (f.target) {
    parts.push(
      GUID.test(f.target)
        ? `targetResources/any(t: t/id eq ${odataString(f.target)})`
        : `(targetResources/any(t: startsWith(t/displayName,${odataString(f.target)})) or targetResources/any(t: startsWith(t/userPrincipalName,${odataString(f.target)})))`,
    );
  }
  return parts.length ? parts.join(' and ') : undefined;
}
