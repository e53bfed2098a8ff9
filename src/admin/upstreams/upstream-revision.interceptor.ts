import { Injectable } from '@nestjs/common';

import { ItemRevisionInterceptor } from '../http/item-revision.interceptor.js';
import { UpstreamAdminService } from './upstream-admin.service.js';

/** {@link ItemRevisionInterceptor} of the `/admin/api/upstreams/{name}` routes. */
@Injectable()
export class UpstreamRevisionInterceptor extends ItemRevisionInterceptor {
  constructor(private readonly upstreams: UpstreamAdminService) {
    super();
  }

  protected assertExists({ name }: Readonly<Record<string, string>>): void {
    this.upstreams.assertKnown(name ?? '');
  }
}
