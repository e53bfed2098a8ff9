import { describe, expect, it } from 'vitest';

import type { Principal } from '../protocol/context/principal.js';
import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';
import { AccessDecisionService } from './access-decision.service.js';
import { type AccessPolicy, accessRuleOf, DEFAULT_ACCESS_POLICY } from './access-policy.js';
import { type EffectiveAccess, effectiveAccessOf } from './effective-access.js';
import { InMemoryAccessRuleSource } from './in-memory-access-rule.source.js';

const code = (roles: string[], scopes: string[] = [], isPublic = false): AccessRequirements => ({
  roles,
  scopes,
  isPublic,
});
const policy = (fields: Partial<AccessPolicy> = {}): AccessPolicy => ({
  ...DEFAULT_ACCESS_POLICY,
  ...fields,
});
const principal = (roles: string[], clientId = 'agent-a', tenant = 'acme'): Principal => ({
  subject: 'p',
  roles,
  scopes: new Set(['compute']),
  clientId,
  tenant,
  authenticated: true,
  expiresAt: undefined,
});

/** Whether a principal meets `access` as the admin API states it (scopes aside: step-up). */
function meets(access: EffectiveAccess, who: Principal): boolean {
  return (
    access.enabled &&
    access.roles.every((list) => list.some((role) => who.roles.includes(role))) &&
    (access.allowedClients?.includes(who.clientId ?? '') ?? true) &&
    (access.allowedTenants?.includes(who.tenant ?? '') ?? true)
  );
}

describe(effectiveAccessOf.name, () => {
  it('should require one role of the code and one of the policy, not either', () => {
    const access = effectiveAccessOf(
      code(['admin', 'ops'], ['compute']),
      policy({ roles: ['oncall'] }),
    );
    expect(access).toEqual({
      enabled: true,
      roles: [['admin', 'ops'], ['oncall']],
      scopes: ['compute'],
      allowedClients: null,
      allowedTenants: null,
    });
  });

  it('should drop the code requirements of @McpPublic and of a capability no longer declared', () => {
    const restricted = policy({ roles: ['oncall'], allowedTenants: ['acme'] });
    for (const declared of [code(['admin'], ['compute'], true), undefined]) {
      expect(effectiveAccessOf(declared, restricted)).toMatchObject({
        roles: [['oncall']],
        scopes: [],
        allowedTenants: ['acme'],
      });
    }
  });

  const declarations = [
    code([]),
    code(['admin']),
    code(['admin', 'ops']),
    code(['admin'], [], true),
  ];
  const policies = [
    policy(),
    policy({ enabled: false }),
    policy({ roles: ['oncall', 'admin'] }),
    policy({ roles: [] }),
    policy({ allowedClients: ['agent-b'] }),
    policy({ allowedTenants: ['acme'], roles: ['ops'] }),
  ];
  const principals = [
    principal([]),
    principal(['admin']),
    principal(['ops']),
    principal(['oncall']),
    principal(['admin', 'oncall']),
    principal(['ops'], 'agent-b', 'other'),
  ];

  it('should state exactly whom the access decision admits', () => {
    const rules = new InMemoryAccessRuleSource();
    const decision = new AccessDecisionService(rules);
    for (const declared of declarations) {
      for (const stored of policies) {
        rules.setRule('tool', 't', accessRuleOf(stored));
        const access = effectiveAccessOf(declared, stored);
        for (const who of principals) {
          const target = { kind: 'tool', name: 't', requirements: declared } as const;
          expect(meets(access, who), JSON.stringify({ declared, stored, who: who.roles })).toBe(
            decision.isVisible(who, target),
          );
        }
      }
    }
  });
});
