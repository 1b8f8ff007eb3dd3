import { describe, expect, it } from 'vitest';
import { applyOrganizationChanges, seedOrganization } from '../../../src/domain/organization';

const org = seedOrganization({ tenantId: '11111111-1111-4111-8111-111111111111', name: 'Fabrikam', initialDomain: 'Fabrikam.onmicrosoft.com', preferredLanguage: 'en-US', privacyStatementUrl: '', privacyContactEmail: '' });

describe('organization settings', () => {
  it('when seeded, then invitations never expire and reminders come on days 3, 7 and 14', () => {
    expect(org).toMatchObject({ invitationValidity: null, invitationReminderSchedule: [3, 7, 14], verifiedDomains: [{ name: 'fabrikam.onmicrosoft.com', isInitial: true }] });
  });

  it('when a PATCH sets part of the privacy profile, then the other part is kept', () => {
    const withUrl = applyOrganizationChanges(org, { privacyProfile: { statementUrl: 'https://fabrikam.com/privacy' } });
    const both = applyOrganizationChanges(withUrl, { privacyProfile: { contactEmail: 'privacy@fabrikam.com' } });
    expect(both.privacyProfile).toEqual({ statementUrl: 'https://fabrikam.com/privacy', contactEmail: 'privacy@fabrikam.com' });
  });

  it('when invitationValidity is an ISO 8601 duration, then it is kept; otherwise refused naming the field', () => {
    expect(applyOrganizationChanges(org, { invitationValidity: 'P30D' }).invitationValidity).toBe('P30D');
    expect(applyOrganizationChanges(org, { invitationValidity: 'P1M2DT3H' }).invitationValidity).toBe('P1M2DT3H');
    for (const bad of ['30 days', 'P', 'PT', 'P1DT']) {
      expect(() => applyOrganizationChanges(org, { invitationValidity: bad }), bad).toThrow(expect.objectContaining({ details: [expect.objectContaining({ target: 'invitationValidity' })] }));
    }
  });

  it('when the reminder schedule is emptied, then reminders are off; days are kept sorted', () => {
    expect(applyOrganizationChanges(org, { invitationReminderSchedule: [] }).invitationReminderSchedule).toEqual([]);
    expect(applyOrganizationChanges(org, { invitationReminderSchedule: [10, 2] }).invitationReminderSchedule).toEqual([2, 10]);
    expect(() => applyOrganizationChanges(org, { invitationReminderSchedule: [2, 2] })).toThrow();
  });
});
