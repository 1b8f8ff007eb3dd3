import { describe, expect, it } from 'vitest';
import { operationIdFor } from '../../../src/domain/outbox/operation-id';
import { parseOutboxPointer } from '../../../src/domain/outbox/pointer';

describe('the operation id of an outbox entry', () => {
  it('when asked twice for one outbox id, then it is the same version-5 UUID; other ids get other UUIDs', () => {
    const id = operationIdFor('2f6c1c9e-6a53-4b8e-9a43-3c1d2f0b7a11');
    expect(id).toBe(operationIdFor('2f6c1c9e-6a53-4b8e-9a43-3c1d2f0b7a11'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const many = new Set(Array.from({ length: 1000 }, (_, i) => operationIdFor(`outbox-${i}`)));
    expect(many.size).toBe(1000);
  });
});

describe('parseOutboxPointer', () => {
  const pointer = { v: 1, outboxId: 'abc-123', table: 'MailOutbox', partitionKey: 'mail|abc-123' };

  it('when the queue hands over the pointer as an object or as JSON text, then it parses', () => {
    expect(parseOutboxPointer(pointer)).toEqual({ ok: true, pointer });
    expect(parseOutboxPointer(JSON.stringify(pointer))).toEqual({ ok: true, pointer });
  });

  it('when the message is not a v1 pointer, then the reason names the fields, not their values', () => {
    expect(parseOutboxPointer('not json')).toEqual({ ok: false, reason: 'body is not JSON' });
    const wrong = parseOutboxPointer({ ...pointer, v: 2, outboxId: 'secret value!' });
    expect(wrong.ok).toBe(false);
    const reason = wrong.ok ? '' : wrong.reason;
    expect(reason).toMatch(/^not an outbox pointer v1 \(v: .*outboxId: /);
    expect(reason).not.toContain('secret value');
    expect(parseOutboxPointer({ ...pointer, extra: 1 }).ok).toBe(false);
  });
});
