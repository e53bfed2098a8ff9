import { Injectable } from '@nestjs/common';

import { ItemRevisionInterceptor } from '../http/item-revision.interceptor.js';
import { CapabilityAdminService } from './capability-admin.service.js';

/** {@link ItemRevisionInterceptor} of the `/admin/api/prompts/{name}` routes. */
@Injectable()
export class PromptRevisionInterceptor extends ItemRevisionInterceptor {
  constructor(private readonly capabilities: CapabilityAdminService) {
    super();
  }

  protected assertExists({ name }: Readonly<Record<string, string>>): void {
    this.capabilities.assertKnown('prompts', name ?? '');
  }
}

/** {@link ItemRevisionInterceptor} of the `/admin/api/resources/{uri}` routes. */
@Injectable()
export class ResourceRevisionInterceptor extends ItemRevisionInterceptor {
  constructor(private readonly capabilities: CapabilityAdminService) {
    super();
  }

  protected assertExists({ uri }: Readonly<Record<string, string>>): void {
    this.capabilities.assertKnown('resources', uri ?? '');
  }
}
