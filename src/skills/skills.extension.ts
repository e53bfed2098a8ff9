import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import type { DispatchCall } from '../mcp/dispatcher/dispatch-call.js';
import { McpExtensions, type McpExtension } from '../mcp/dispatcher/mcp-extensions.js';
import type { MethodEntry } from '../mcp/dispatcher/method-entry.types.js';
import { paginate } from '../mcp/dispatcher/pagination.js';
import type { ResourceListSource } from '../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';
import { SkillAccess } from './skill-access.js';
import type { DirectoryChild, ServedSkill } from './skill-catalog.js';
import { SkillReadAudit } from './skill-read.audit.js';
import { skillResources } from './skill-resources.js';
import { SkillServing } from './skill-serving.service.js';

/** SEP-2640 extension identifier, under `capabilities.extensions`. */
export const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';

const skillKey = (served: ServedSkill): string => served.uri;
const childKey = (child: DirectoryChild): string => child.uri;

/**
 * The Agent Skills extension (SEP-2640), in both eras: declared inline with `directoryRead: true`
 * beside the `resources` capability; `skills/list` (paginated by whole entries) and `skills/get`
 * answer skill entries (`{ uri, frontmatter, resources: [{ uri, digest, size }] }`); the files
 * are resources (`skill://<skill-path>/…`, src/skills/skill-resources.ts) and folders are read
 * with `resources/directory/read`. On 2026-07-28 the list and get results carry `ttlMs` and
 * `cacheScope` (ModernResults). What the access decision hides is absent or unknown.
 */
@Injectable()
export class SkillsExtension implements McpExtension, OnModuleInit {
  readonly id = SKILLS_EXTENSION;
  readonly capability: JsonObject = Object.freeze({ directoryRead: true });
  readonly era = 'all';
  readonly resources: ResourceListSource;
  private readonly pageSize: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly extensions: McpExtensions,
    private readonly serving: SkillServing,
    private readonly access: SkillAccess,
    audit: SkillReadAudit,
  ) {
    this.pageSize = config.limits.pageSize;
    this.resources = skillResources({ catalog: () => serving.catalog, access, audit });
  }

  onModuleInit(): void {
    this.extensions.register(this);
  }

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [
      ['skills/list', { era: 'all', handle: (call) => this.list(call) }],
      ['skills/get', { era: 'all', handle: (call) => this.get(call) }],
      ['resources/directory/read', { era: 'all', handle: (call) => this.readDirectory(call) }],
    ];
  }

  private list(call: DispatchCall): Promise<JsonObject> {
    const { principal } = call.ctx;
    const page = paginate(this.serving.catalog.skills, call.params, this.pageSize, skillKey, (s) =>
      this.access.isVisible(principal, s),
    );
    const result: JsonObject = { skills: page.items.map((served) => served.entry) };
    if (page.nextCursor !== undefined) result.nextCursor = page.nextCursor;
    return Promise.resolve(result);
  }

  /** SEP-2640 `skills/get`: a URI that names no skill served to this principal is -32602. */
  private get(call: DispatchCall): Promise<JsonObject> {
    const uri = uriParam(call);
    const served = this.serving.catalog.find(uri);
    if (served === undefined || !this.access.isVisible(call.ctx.principal, served)) {
      throw McpError.invalidParams(`Unknown skill: ${uri}`, { uri });
    }
    return Promise.resolve({ skill: served.entry });
  }

  /** A folder of a served skill (no trailing slash); anything else is -32602. */
  private readDirectory(call: DispatchCall): Promise<JsonObject> {
    const uri = uriParam(call);
    const found = this.serving.catalog.directory(uri);
    if (found === undefined || !this.access.anyVisible(call.ctx.principal, found.owners)) {
      throw McpError.invalidParams(`Not a directory resource: ${uri}`, { uri });
    }
    const page = paginate(found.item, call.params, this.pageSize, childKey, () => true);
    const result: JsonObject = { resources: page.items.map((child) => ({ ...child })) };
    if (page.nextCursor !== undefined) result.nextCursor = page.nextCursor;
    return Promise.resolve(result);
  }
}

function uriParam(call: DispatchCall): string {
  const { uri } = call.params;
  if (typeof uri !== 'string')
    throw McpError.invalidParams('Invalid params: "uri" must be a string');
  return uri;
}
