import { Injectable } from '@nestjs/common';

import { ItemRevisionInterceptor } from '../http/item-revision.interceptor.js';
import { ToolAdminService } from './tool-admin.service.js';

/** {@link ItemRevisionInterceptor} of the `/admin/api/tools/{name}` routes. */
@Injectable()
export class ToolRevisionInterceptor extends ItemRevisionInterceptor {
  constructor(private readonly tools: ToolAdminService) {
    super();
  }

  protected assertExists({ name }: Readonly<Record<string, string>>): void {
    this.tools.assertKnown(name ?? '');
  }
}
