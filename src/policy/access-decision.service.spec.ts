import { describe, expect, it } from 'vitest';

import type { Principal } from '../protocol/context/principal.js';
import { AccessDecisionService } from './access-decision.service.js';
import type { AccessTarget } from './access-decision.types.js';
import { InMemoryAccessRuleSource } from './in-memory-access-rule.source.js';

function principal(overrides: Partial<Principal> = {}): Principal {
  return {
    subject: 'alice',
    roles: ['analyst'],
    scopes: new Set(['tools:call']),
    clientId: 'agent-a',
    tenant: 't1',
    authenticated: true,
    expiresAt: undefined,
    ...overrides,
  };
}

function tool(
  name: string,
  roles: string[] = [],
  scopes: string[] = [],
  isPublic = false,
): AccessTarget {
  return { kind: 'tool', name, requirements: { roles, scopes, isPublic } };
}

describe(AccessDecisionService.name, () => {
  const rules = new InMemoryAccessRuleSource();
  const sut = new AccessDecisionService(rules);

  it('should allow a tool without requirements to any principal', () => {
    expect(sut.decide(principal(), tool('echo')).kind).toBe('allow');
  });

  it('should hide a tool whose roles the principal lacks', () => {
    expect(sut.decide(principal(), tool('wipe', ['admin'])).kind).toBe('hidden');
    expect(sut.isVisible(principal({ roles: ['admin'] }), tool('wipe', ['admin']))).toBe(true);
  });

  it('should answer insufficient_scope naming every required scope', () => {
    const target = tool('files', [], ['tools:call', 'files:read']);
    expect(sut.decide(principal(), target)).toEqual({
      kind: 'insufficient_scope',
      requiredScopes: ['tools:call', 'files:read'],
    });
  });

  it('should hide a role gap even when scopes are missing too', () => {
    expect(sut.decide(principal(), tool('x', ['admin'], ['nope'])).kind).toBe('hidden');
  });

  it('should hide a tool restricted to other clients and tenants, even a public one', () => {
    rules.setRule('tool', 'report', { allowedClients: new Set(['agent-b']) });
    rules.setRule('tool', 'ledger', { allowedTenants: new Set(['t2']) });
    expect(sut.decide(principal(), tool('report', [], [], true)).kind).toBe('hidden');
    expect(sut.decide(principal({ clientId: 'agent-b' }), tool('report')).kind).toBe('allow');
    expect(sut.decide(principal({ clientId: undefined }), tool('report')).kind).toBe('hidden');
    expect(sut.decide(principal(), tool('ledger')).kind).toBe('hidden');
    expect(sut.decide(principal({ tenant: 't2' }), tool('ledger')).kind).toBe('allow');
    rules.setRule('tool', 'report', undefined);
    expect(sut.decide(principal(), tool('report')).kind).toBe('allow');
  });

  it('should hide a disabled tool from everyone, even a public one', () => {
    rules.setRule('tool', 'off', { disabled: true });
    expect(sut.decide(principal({ roles: ['admin'] }), tool('off', [], [], true)).kind).toBe(
      'hidden',
    );
    rules.setRule('tool', 'off', undefined);
  });

  it('should hide a tool whose operator roles the principal lacks', () => {
    rules.setRule('tool', 'ops', { roles: new Set(['ops', 'sre']) });
    expect(sut.decide(principal(), tool('ops')).kind).toBe('hidden');
    expect(sut.decide(principal({ roles: ['analyst', 'sre'] }), tool('ops')).kind).toBe('allow');
    rules.setRule('tool', 'ops', undefined);
  });

  it('should let @McpPublic lift roles and scopes', () => {
    expect(sut.decide(principal({ roles: [] }), tool('pub', ['admin'], ['x'], true)).kind).toBe(
      'allow',
    );
  });
});
