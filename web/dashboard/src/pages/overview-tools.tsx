import type { LiveTool } from '../api/admin-api.generated.js';
import { formatted } from '../ui/format.js';
import { Sparkline } from '../ui/sparkline.js';
import { Empty } from '../ui/states.js';

/** Each tool called in the charts' span: rate, error rate and its p95 latency over time. */
export function ToolLatencies({ tools, seconds }: { tools: readonly LiveTool[]; seconds: number }) {
  if (tools.length === 0) return <Empty>No tool was called in this span.</Empty>;
  return (
    <div class="table-wrap">
      <table>
        <caption>p95 latency per tool</caption>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Calls/s</th>
            <th scope="col">Error rate</th>
            <th scope="col">p95 ms</th>
            <th scope="col">p95 over time</th>
          </tr>
        </thead>
        <tbody>
          {tools.map((tool) => (
            <tr key={tool.name}>
              <th scope="row">{tool.name}</th>
              <td>{formatted(seconds === 0 ? 0 : tool.calls / seconds)}</td>
              <td>{formatted(tool.calls === 0 ? 0 : (100 * tool.errors) / tool.calls)} %</td>
              <td>{tool.p95Ms === null ? '—' : formatted(tool.p95Ms)}</td>
              <td>
                <Sparkline
                  label={`p95 latency of ${tool.name}`}
                  samples={tool.p95Series}
                  unit="ms"
                  width={160}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
