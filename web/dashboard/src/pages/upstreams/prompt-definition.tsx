import type { PromptDefinitionView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { LintFindings } from '../../ui/lint-findings.js';
import { Loaded } from '../../ui/states.js';
import { useResource } from '../../ui/use-resource.js';

/** An argument as `prompt_versions` records it (the `PromptArgument` of MCP `prompts/list`). */
interface RecordedArgument {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly required?: unknown;
}

/**
 * One recorded prompt definition, read with `GET /admin/api/prompts/{name}/versions/{sha256}`:
 * what the model will read (description, arguments) and what the poisoning lint finds in it.
 */
export function PromptDefinition({ api, path }: { api: AdminApi; path: string }) {
  const [recorded] = useResource(() => api.get<PromptDefinitionView>(path), [api, path]);
  return (
    <Loaded resource={recorded} what="prompt definition">
      {({ name, definition, definitionSha256, lint }) => {
        const { title, description } = definition;
        const args = Array.isArray(definition['arguments'])
          ? (definition['arguments'] as RecordedArgument[])
          : [];
        return (
          <div aria-label={`Definition of ${name}`} role="group">
            {typeof title === 'string' ? <p>Title: {title}</p> : null}
            <p>
              Description: {typeof description === 'string' ? <q>{description}</q> : <em>none</em>}
            </p>
            {args.length === 0 ? (
              <p>No arguments.</p>
            ) : (
              <ul aria-label={`Arguments of ${name}`}>
                {args.map((argument) => (
                  <li key={String(argument.name)}>
                    <code>{String(argument.name)}</code>
                    {argument.required === true ? ' (required)' : ''}
                    {typeof argument.description === 'string' ? `: ${argument.description}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <LintFindings subject={name} definitionSha256={definitionSha256} lint={lint} />
          </div>
        );
      }}
    </Loaded>
  );
}
