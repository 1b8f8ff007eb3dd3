import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseInsensitiveEnum } from '../../src/http/case-insensitive-enum';
import { zodDetails } from '../../src/http/request';

describe('caseInsensitiveEnum', () => {
  const requestType = caseInsensitiveEnum(['userAdd', 'adminAdd']);

  it('when a value comes in another case (as Graph’s examples send it), then it reads as the documented spelling', () => {
    expect(requestType.parse('AdminAdd')).toBe('adminAdd');
    expect(requestType.parse('USERADD')).toBe('userAdd');
    expect(requestType.parse('userAdd')).toBe('userAdd');
  });

  it('when the value is not one of them in any case, then it fails naming the allowed values', () => {
    const result = requestType.safeParse('adminRemove');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("must be one of 'userAdd', 'adminAdd'");
  });
});

describe('zodDetails', () => {
  it('when a strict object gets a property it does not know, then each one is named as its own target', () => {
    const result = z.strictObject({ a: z.strictObject({ b: z.number() }) }).safeParse({ a: { b: 1, typo: 2 }, extra: true });
    expect(result.success).toBe(false);
    expect(zodDetails(result.error!).map((d) => d.target).sort()).toEqual(['a.typo', 'extra']);
  });
});
