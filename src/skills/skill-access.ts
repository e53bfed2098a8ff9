import { Injectable } from '@nestjs/common';

import { AccessDecisionService } from '../policy/access-decision.service.js';
import type { AccessTarget } from '../policy/access-decision.types.js';
import type { Principal } from '../protocol/context/principal.js';
import type { ServedSkill } from './skill-catalog.js';

/**
 * The one access decision applied to skills (docs/architecture.md "The access decision"): a skill
 * is a capability of kind `skill` named by its path, with the roles its module declares and the
 * operators' policy (`capability_policies`). What it hides is absent from `skills/list` and
 * reads as not found.
 */
@Injectable()
export class SkillAccess {
  private readonly targets = new WeakMap<ServedSkill, AccessTarget>();

  constructor(private readonly decisions: AccessDecisionService) {}

  isVisible(principal: Principal, served: ServedSkill): boolean {
    return this.decisions.isVisible(principal, this.targetOf(served));
  }

  /** Whether any of the skills holding a file or folder is visible (nested skills share them). */
  anyVisible(principal: Principal, owners: readonly ServedSkill[]): boolean {
    return owners.some((owner) => this.isVisible(principal, owner));
  }

  private targetOf(served: ServedSkill): AccessTarget {
    let target = this.targets.get(served);
    if (target === undefined) {
      target = Object.freeze({
        kind: 'skill',
        name: served.skill.path,
        requirements: served.skill.access,
      });
      this.targets.set(served, target);
    }
    return target;
  }
}
