import { Injectable } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import { CapabilityAccess } from './capability-access.js';

/**
 * Whether a principal may read a resource URI now: the resource itself, else the template the
 * URI matches, under the one access decision. Checked when a subscription is made and again for
 * every `resources/updated` delivered, so a subscription made before an operator restricted the
 * resource does not keep telling the client that it changed.
 */
@Injectable()
export class ResourceVisibility {
  constructor(
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
  ) {}

  mayRead(principal: Principal, uri: string): boolean {
    const resource = this.registry.findResource(uri);
    if (resource !== undefined) return this.access.isVisible(principal, resource);
    const match = this.registry.matchResourceTemplate(uri);
    return match !== undefined && this.access.isVisible(principal, match.template);
  }
}
