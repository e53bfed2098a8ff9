import { Injectable } from '@nestjs/common';

import type { CapabilityKind } from './access-decision.types.js';
import { type AccessRule, AccessRuleSource } from './access-rule.source.js';

/** Rules held in a map keyed by `kind:name`; the default source. */
@Injectable()
export class InMemoryAccessRuleSource extends AccessRuleSource {
  private readonly rules = new Map<string, AccessRule>();

  ruleFor(kind: CapabilityKind, name: string): AccessRule | undefined {
    return this.rules.size === 0 ? undefined : this.rules.get(`${kind}:${name}`);
  }

  /** Sets (or with `undefined`, removes) the rule of one capability. */
  setRule(kind: CapabilityKind, name: string, rule: AccessRule | undefined): void {
    if (rule === undefined) this.rules.delete(`${kind}:${name}`);
    else this.rules.set(`${kind}:${name}`, rule);
  }
}
