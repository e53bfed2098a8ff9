import type { ToolDefinitionView } from '../../api/admin-api.generated.js';

/** What the tool-poisoning lint (`MCP_TOOL_LINT`) finds in one recorded definition. */
export function LintFindings({ definition }: { definition: ToolDefinitionView }) {
  const label = `Lint findings of ${definition.name} ${definition.version}`;
  if (definition.lint.length === 0) {
    return (
      <p class="lint clean" aria-label={label}>
        Lint: no hidden instructions found in {definition.version} (
        <code>{definition.definitionSha256.slice(0, 12)}</code>).
      </p>
    );
  }
  return (
    <div class="lint notice error">
      <p>
        Lint: {definition.lint.length} finding{definition.lint.length === 1 ? '' : 's'} in{' '}
        {definition.version} — read them before approving:
      </p>
      <ul aria-label={label}>
        {definition.lint.map((finding) => (
          <li key={`${finding.rule}${finding.path}`}>
            <strong>{finding.rule}</strong> at <code>{finding.path || '/'}</code>: “
            {finding.excerpt}”
          </li>
        ))}
      </ul>
    </div>
  );
}
