import { describe, expect, it } from 'vitest';
import { describeRuleProperties } from '../../../src/domain/membership-rule';
import { parsed } from './helpers';

describe('describeRuleProperties', () => {
  it('when a rule reads properties in several places, then each is listed once in order of first use', () => {
    const rule = parsed(
      'user.Department -eq "Sales" -and (user.city -in ["Lagos"] -or -not (user.accountEnabled -eq false)) -and user.department -ne null',
    );
    expect(describeRuleProperties(rule)).toEqual(['department', 'city', 'accountEnabled']);
  });

  it('when a rule uses -any, then the collection is listed and _ is not', () => {
    expect(describeRuleProperties(parsed('user.otherMails -any (_ -contains "x" -or _ -match "y")'))).toEqual(['otherMails']);
  });
});
