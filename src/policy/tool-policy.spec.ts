import { describe, expect, it } from 'vitest';

import { applyPolicyChanges, defaultToolPolicy, requestedVersions } from './tool-policy.js';

describe(applyPolicyChanges.name, () => {
  const policy = {
    ...defaultToolPolicy('report'),
    pinnedVersion: '2.0.0',
    clientVersionPins: { 'legacy-app': '1.0.0', 'old-agent': '1.0.0' },
  };

  it('should merge client pins: set, move, remove, keep the others', () => {
    const after = applyPolicyChanges(policy, {
      clientVersionPins: { 'new-app': '3.0.0', 'legacy-app': '2.0.0', 'old-agent': null },
    });
    expect(after.clientVersionPins).toEqual({ 'legacy-app': '2.0.0', 'new-app': '3.0.0' });
    expect(after.pinnedVersion).toBe('2.0.0');
  });

  it('should remove every pin when the change is null, and keep them when it is absent', () => {
    expect(applyPolicyChanges(policy, { clientVersionPins: null }).clientVersionPins).toEqual({});
    expect(applyPolicyChanges(policy, { enabled: false })).toEqual({ ...policy, enabled: false });
  });

  it('should keep an unusual client id as data, never as a prototype', () => {
    const after = applyPolicyChanges(defaultToolPolicy('report'), {
      clientVersionPins: JSON.parse('{"__proto__": "1.0.0"}') as Record<string, string>,
    });
    expect(Object.getPrototypeOf(after.clientVersionPins)).toBe(Object.prototype);
    expect(Object.entries(after.clientVersionPins)).toEqual([['__proto__', '1.0.0']]);
  });
});

describe(requestedVersions.name, () => {
  it('should name every version a change asks to serve, once', () => {
    const versions = requestedVersions({
      pinnedVersion: '1.0.0',
      clientVersionPins: { a: '1.0.0', b: '2.0.0', c: null },
    });
    expect([...versions]).toEqual(['1.0.0', '2.0.0']);
    expect(requestedVersions({ pinnedVersion: null, clientVersionPins: null }).size).toBe(0);
  });
});
