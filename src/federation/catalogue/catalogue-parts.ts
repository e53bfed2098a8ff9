import type { ToolLintService } from '../../security/tool-lint/tool-lint.service.js';
import type { UpstreamClient } from '../client/upstream-client.types.js';
import type { UpstreamServerEntity } from '../store/upstream-server.entity.js';
import type { FederatedToolFactory } from './federated-tool.factory.js';
import type { ToolCatalogueParts } from './tool-catalogue.builder.js';

/** What building one upstream's tools needs besides the upstream itself. */
export interface CatalogueTools {
  readonly tools: FederatedToolFactory;
  readonly lint: ToolLintService;
  readonly separator: string;
}

/** The parts the tool catalogue builder works with, for upstream `row` reached through `client`. */
export function catalogueParts(
  row: UpstreamServerEntity,
  client: UpstreamClient,
  { tools, lint, separator }: CatalogueTools,
): ToolCatalogueParts {
  return {
    upstream: row.name,
    separator,
    fieldsOf: (served, tool) => tools.fieldsOf(served, tool),
    recordedFields: (definition) => tools.recordedFields(definition),
    create: (fields, target) => tools.create(fields, target),
    lint: (tool) => void lint.enforce(tool.definition),
    target: (toolName) => ({
      upstream: row.name,
      toolName,
      client,
      exchangesCallerToken: row.auth['type'] === 'token-exchange',
    }),
  };
}
