import { describe, expect, it } from 'vitest';

import { accessRuleOf, DEFAULT_ACCESS_POLICY } from './access-policy.js';

describe(accessRuleOf.name, () => {
  it('should impose nothing for the default policy', () => {
    expect(accessRuleOf(DEFAULT_ACCESS_POLICY)).toBeUndefined();
  });

  it('should carry exactly the restrictions the policy sets', () => {
    const rule = accessRuleOf({
      ...DEFAULT_ACCESS_POLICY,
      enabled: false,
      roles: ['analyst'],
      allowedTenants: [],
    });
    expect(rule).toEqual({
      disabled: true,
      roles: new Set(['analyst']),
      allowedTenants: new Set(),
    });
    expect(Object.isFrozen(rule)).toBe(true);
  });
});
