import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS, parseEmailMessage } from '../../../src/domain/mail/message';
import { CUSTOM_MESSAGE_MAX_LENGTH } from '../../../src/domain/limits';
import { buildMessageInput } from '../../email/templates/builders';

function failureOf(input: unknown): { message: string; paths: string[] } {
  const parsed = parseEmailMessage(input);
  if (parsed.ok) expect.fail('expected the message to be refused');
  expect(parsed.error.code).toBe('invalidEmailMessage');
  return parsed.error;
}

describe('parseEmailMessage', () => {
  it.each(EMAIL_KINDS)('when a %s message is complete, then it parses', (kind) => {
    const parsed = parseEmailMessage(buildMessageInput(kind));
    expect(parsed.ok && parsed.value.kind).toBe(kind);
  });

  it('when optional fields are left out, then their defaults are applied', () => {
    const input = buildMessageInput('requestDenied');
    const { reason: _reason, requestsUrl: _url, ...data } = input.data;
    const { cc: _cc, ...rest } = input;
    const parsed = parseEmailMessage({ ...rest, data });
    expect(parsed.ok && parsed.value.kind === 'requestDenied' && [parsed.value.cc, parsed.value.data.reason, parsed.value.data.requestsUrl]).toEqual([[], null, null]);
  });

  it('when the body is a JSON string, then it is parsed as JSON first', () => {
    expect(parseEmailMessage(JSON.stringify(buildMessageInput('oneTimePasscode'))).ok).toBe(true);
    expect(failureOf('{not json').message).toMatch(/not JSON/);
  });

  it('when the kind is unknown, then the failure names the kind path', () => {
    const failure = failureOf({ ...buildMessageInput('invitation'), kind: 'newsletter' });
    expect(failure.paths).toEqual(['kind']);
    expect(failure.message).toMatch(/^invalid email message: kind: /);
  });

  it('when the version is 2, then the failure names v', () => {
    const failure = failureOf({ ...buildMessageInput('invitation'), v: 2 });
    expect(failure.paths).toEqual(['v']);
  });

  it('when fields are missing, then every missing path is named', () => {
    const input = buildMessageInput('invitation');
    const { redeemUrl: _redeem, ...data } = input.data;
    const { outboxId: _id, ...rest } = input;
    const failure = failureOf({ ...rest, data: { ...data, organization: { ...data.organization, displayName: undefined } } });
    expect(failure.paths.sort()).toEqual(['data.organization.displayName', 'data.redeemUrl', 'outboxId']);
    expect(failure.message).toContain('data.redeemUrl: ');
  });

  it('when a link is not http(s), then it is refused and the path named', () => {
    const failure = failureOf(buildMessageInput('invitation', { data: { redeemUrl: 'javascript:alert(1)' } }));
    expect(failure.paths).toEqual(['data.redeemUrl']);
    expect(failure.message).not.toContain('alert');
  });

  it('when the custom message is longer than the documented limit, then it is refused', () => {
    const atLimit = buildMessageInput('invitation', { data: { customMessage: 'x'.repeat(CUSTOM_MESSAGE_MAX_LENGTH) } });
    expect(parseEmailMessage(atLimit).ok).toBe(true);
    const over = buildMessageInput('invitation', { data: { customMessage: 'x'.repeat(CUSTOM_MESSAGE_MAX_LENGTH + 1) } });
    expect(failureOf(over).paths).toEqual(['data.customMessage']);
  });

  it('when an invitation has two CC recipients, then it is refused; other mails may have more', () => {
    const cc = [{ address: 'a@partner.nl' }, { address: 'b@partner.nl' }];
    expect(failureOf({ ...buildMessageInput('invitation'), cc }).paths).toEqual(['cc']);
    expect(parseEmailMessage({ ...buildMessageInput('approvalRequest'), cc }).ok).toBe(true);
  });

  it('when access is expiring in a number of days other than 14 or 1, then it is refused', () => {
    expect(failureOf(buildMessageInput('accessExpiring', { data: { daysLeft: 7 as 14 } })).paths).toEqual(['data.daysLeft']);
  });

  it('when there is no recipient or an address is malformed, then the paths are named', () => {
    expect(failureOf({ ...buildMessageInput('invitation'), to: [] }).paths).toEqual(['to']);
    expect(failureOf({ ...buildMessageInput('invitation'), to: [{ address: 'not-an-address' }] }).paths).toEqual(['to.0.address']);
  });

  it('when the message is not an object, then it is refused at the root', () => {
    expect(failureOf(42).paths).toEqual(['(root)']);
  });
});
