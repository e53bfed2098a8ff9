import { useState } from 'preact/hooks';

import type {
  ToolAdminView,
  ToolDefinitionView,
  ToolVersionView,
} from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { shortHash } from '../../ui/format.js';
import { lineDiff, sortedJsonLines } from '../../ui/line-diff.js';
import { Loaded } from '../../ui/states.js';
import { useResource } from '../../ui/use-resource.js';
import { ToolLintFindings } from './served-lint.js';

function nameOf(version: ToolVersionView): string {
  return `${version.version} (${shortHash(version.definitionSha256)}, ${version.status})`;
}

/** Served (else the first) on the left; the first pending (else the last) on the right. */
function defaults(versions: readonly ToolVersionView[]): [string, string] {
  const left = versions.find((v) => v.served) ?? versions[0];
  const right = versions.find((v) => v.status === 'pending') ?? versions[versions.length - 1];
  return [left?.definitionSha256 ?? '', right?.definitionSha256 ?? ''];
}

/**
 * Two recorded definitions of the tool side by side, changed lines marked, and the lint
 * findings of the right one: what an admin reads before approving a pending version.
 */
export function DefinitionComparison({ api, tool }: { api: AdminApi; tool: ToolAdminView }) {
  const [initialLeft, initialRight] = defaults(tool.versions);
  const [left, setLeft] = useState(initialLeft);
  const [right, setRight] = useState(initialRight);
  const base = `/tools/${encodeURIComponent(tool.name)}/definitions`;
  const [pair] = useResource(
    () =>
      Promise.all([
        api.get<ToolDefinitionView>(`${base}/${left}`),
        api.get<ToolDefinitionView>(`${base}/${right}`),
      ]),
    [api, base, left, right],
  );
  if (tool.versions.length === 0) return null;
  const picker = (label: string, value: string, choose: (hash: string) => void) => (
    <label>
      {label}
      <select value={value} onChange={(event) => choose(event.currentTarget.value)}>
        {tool.versions.map((version) => (
          <option key={version.definitionSha256} value={version.definitionSha256}>
            {nameOf(version)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="compare-title">
      <h3 id="compare-title">Compare definitions</h3>
      <div class="toolbar">
        {picker('Left definition', left, setLeft)}
        {picker('Right definition', right, setRight)}
      </div>
      <Loaded resource={pair} what="definitions">
        {([from, to]) => (
          <>
            <DiffTable from={from} to={to} />
            <ToolLintFindings definition={to} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function DiffTable({ from, to }: { from: ToolDefinitionView; to: ToolDefinitionView }) {
  const rows = lineDiff(sortedJsonLines(from.definition), sortedJsonLines(to.definition));
  const changes = rows.filter((row) => row.change !== 'same').length;
  const title = (d: ToolDefinitionView) => `${d.version} (${shortHash(d.definitionSha256)})`;
  return (
    <div class="table-wrap">
      <table class="diff">
        <caption>
          {title(from)} beside {title(to)}:{' '}
          {changes === 0 ? 'identical definitions' : `${changes} changed lines`}
        </caption>
        <thead>
          <tr>
            <th scope="col">{title(from)}</th>
            <th scope="col">{title(to)}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} class={row.change}>
              <td class={row.left === null ? 'empty' : row.change === 'same' ? '' : 'del'}>
                {row.left ?? ''}
              </td>
              <td class={row.right === null ? 'empty' : row.change === 'same' ? '' : 'add'}>
                {row.right ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
