import { Injectable } from '@nestjs/common';

import { McpSkills } from '../../skills/mcp-skills.decorator.js';

/*
 * The Agent Skills this module ships (docs/skills.md "Skills in a module"), one provider per
 * audience: the skills follow the access rules of the tools they teach.
 */

/** How to answer from the handbook with citations (`search_docs`, `open_doc_section`). */
@Injectable()
@McpSkills({ directory: new URL('./skills/everyone', import.meta.url) })
export class KnowledgeBaseSkills {}

/**
 * How to change a record through the approval step with an idempotency key (`update_record`):
 * for editors only, like the tool.
 */
@Injectable()
@McpSkills({ directory: new URL('./skills/editors', import.meta.url), roles: ['editor'] })
export class KnowledgeBaseEditorSkills {}
