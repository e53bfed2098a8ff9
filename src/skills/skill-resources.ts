import { resourceNotFoundError } from '../mcp/dispatcher/not-found.errors.js';
import type {
  ListedResource,
  RegisteredResourceLister,
  RegisteredResourceTemplate,
  ResourceListPage,
  ResourceListSource,
} from '../protocol/capabilities/registered-capability.types.js';
import type { McpHandlerContext } from '../protocol/context/handler-context.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { OPEN_ACCESS, SKILL_MANIFEST, SKILL_SCHEME, type SkillFile } from './loaded-skill.js';
import type { SkillAccess } from './skill-access.js';
import type { ServedSkill, SkillCatalog } from './skill-catalog.js';
import { isTextual } from './skill-media-types.js';
import type { SkillReadAudit } from './skill-read.audit.js';

const SOURCE = Object.freeze({ className: 'SkillsExtension', methodName: 'resources' });
const URI_TEMPLATE = `${SKILL_SCHEME}{+path}`;

/** What the skills' resources need from the extension: the served catalog, access, audit. */
export interface SkillResourceDeps {
  catalog(): SkillCatalog;
  readonly access: SkillAccess;
  readonly audit: SkillReadAudit;
}

/**
 * Every file of every served skill as a resource (SEP-2640 "Resources"): listed in
 * `resources/list` (SKILL.md named and described by its frontmatter) and read through
 * `resources/read`, SKILL.md as `text/markdown`. A hidden skill's files read as not found.
 */
export function skillResources(deps: SkillResourceDeps): ResourceListSource {
  const template: RegisteredResourceTemplate = {
    kind: 'resource-template',
    uriTemplate: URI_TEMPLATE,
    listing: Object.freeze({ uriTemplate: URI_TEMPLATE, name: 'skill-files' }),
    access: OPEN_ACCESS,
    source: SOURCE,
    match: (uri) =>
      uri.startsWith(SKILL_SCHEME) ? { path: uri.slice(SKILL_SCHEME.length) } : undefined,
    read: (uri, _variables, context) => readSkillFile(deps, uri, context),
  };
  const lister: RegisteredResourceLister = {
    uriTemplate: URI_TEMPLATE,
    source: SOURCE,
    list: (request, context) => Promise.resolve(listSkillFiles(deps, request, context)),
  };
  return { template, lister };
}

async function readSkillFile(
  deps: SkillResourceDeps,
  uri: string,
  context: McpHandlerContext,
): Promise<JsonObject> {
  const found = deps.catalog().file(uri);
  const owner = found?.owners.find((skill) => deps.access.isVisible(context.principal, skill));
  if (found === undefined || owner === undefined)
    throw resourceNotFoundError(uri, context.protocolVersion);
  await deps.audit.record(context, owner, found.item);
  const file = found.item;
  const content: JsonObject = isTextual(file.mimeType, file.content)
    ? { uri, mimeType: file.mimeType, text: file.content.toString('utf8') }
    : { uri, mimeType: file.mimeType, blob: file.content.toString('base64') };
  return { contents: [content] };
}

function listSkillFiles(
  deps: SkillResourceDeps,
  request: { readonly cursor: string | undefined; readonly limit: number },
  context: McpHandlerContext,
): ResourceListPage {
  const all: ListedResource[] = [];
  const seen = new Set<string>();
  for (const served of deps.catalog().skills) {
    if (!deps.access.isVisible(context.principal, served)) continue;
    for (const file of served.skill.files) {
      if (seen.has(file.uri)) continue;
      seen.add(file.uri);
      all.push(listedFile(served, file));
    }
  }
  all.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const start = request.cursor === undefined ? 0 : all.findIndex((r) => r.uri > request.cursor!);
  const from = start < 0 ? all.length : start;
  const page = all.slice(from, from + request.limit);
  const last = page[page.length - 1];
  return from + request.limit < all.length && last !== undefined
    ? { resources: page, nextCursor: last.uri }
    : { resources: page };
}

function listedFile(served: ServedSkill, file: SkillFile): ListedResource {
  if (file.path === SKILL_MANIFEST && file.uri === served.uri) {
    return {
      uri: file.uri,
      name: served.skill.name,
      description: served.skill.description,
      mimeType: file.mimeType,
      size: file.size,
    };
  }
  return { uri: file.uri, name: file.path, mimeType: file.mimeType, size: file.size };
}
