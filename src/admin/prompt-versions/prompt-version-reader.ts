import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PromptVersionEntity } from '../../versions/prompt-version.entity.js';
import { type PromptDefinitionView, promptDefinitionView } from './prompt-version.view.js';

/** Reads one recorded prompt definition for the admin API (docs/federation.md "Admin API"). */
@Injectable()
export class PromptVersionReader {
  constructor(private readonly dataSource: DataSource) {}

  /** @throws NotFoundException when no such definition of the prompt was recorded */
  async definition(name: string, definitionSha256: string): Promise<PromptDefinitionView> {
    const row = await this.dataSource
      .getRepository(PromptVersionEntity)
      .findOneBy({ name, definitionSha256 });
    if (row === null) {
      throw new NotFoundException(`Unknown definition ${definitionSha256} of prompt ${name}`);
    }
    return promptDefinitionView(row);
  }
}
