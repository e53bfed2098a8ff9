import { Injectable } from '@nestjs/common';

import { ItemRevisionInterceptor } from '../http/item-revision.interceptor.js';
import { SkillAdminService } from './skill-admin.service.js';

/** {@link ItemRevisionInterceptor} of the `/admin/api/skills/{name}` routes. */
@Injectable()
export class SkillRevisionInterceptor extends ItemRevisionInterceptor {
  constructor(private readonly skills: SkillAdminService) {
    super();
  }

  protected assertExists({ name }: Readonly<Record<string, string>>): void {
    this.skills.assertKnown(name ?? '');
  }
}
