import type { ToolLintFinding } from '../api/admin-api.generated.js';

/**
 * What the tool-poisoning lint (`MCP_TOOL_LINT`) finds in one recorded definition: a tool's
 * version or an upstream's prompt (docs/federation.md "Versions"), named by `subject`.
 */
export function LintFindings({
  subject,
  definitionSha256,
  lint,
}: {
  subject: string;
  definitionSha256: string;
  lint: readonly ToolLintFinding[];
}) {
  const label = `Lint findings of ${subject}`;
  if (lint.length === 0) {
    return (
      <p class="lint clean" aria-label={label}>
        Lint: no hidden instructions found in {subject} (
        <code>{definitionSha256.slice(0, 12)}</code>).
      </p>
    );
  }
  return (
    <div class="lint notice error">
      <p>
        Lint: {lint.length} finding{lint.length === 1 ? '' : 's'} in {subject} — read them before
        approving:
      </p>
      <ul aria-label={label}>
        {lint.map((finding) => (
          <li key={`${finding.rule}${finding.path}`}>
            <strong>{finding.rule}</strong> at <code>{finding.path || '/'}</code>: “
            {finding.excerpt}”
          </li>
        ))}
      </ul>
    </div>
  );
}
