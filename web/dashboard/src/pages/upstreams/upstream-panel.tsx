import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { hrefOf } from '../../router.js';
import { ageOf, shortHash } from '../../ui/format.js';
import { Empty } from '../../ui/states.js';
import { FILE_MANAGED_REASON, FileManagedMark, isFileManaged } from './file-managed.js';
import { PendingPrompts } from './pending-prompts.js';

/**
 * One upstream opened: the tools it serves under our names, the ones held back, and the changed
 * definitions waiting for an admin, each linked to its tool on the Tools page, where it is
 * approved like a local one, and its prompt definitions waiting, read and decided here
 * (docs/federation.md); `onChanged` reloads the upstream after a decision.
 */
export function UpstreamPanel({
  api,
  upstream,
  onChanged,
}: {
  api: AdminApi;
  upstream: UpstreamAdminView;
  onChanged: () => void;
}) {
  const { name, tools, held, pendingDefinitions, lastSyncAt, lastSyncError } = upstream;
  return (
    <section class="panel" aria-labelledby="upstream-title">
      <h2 id="upstream-title">
        Upstream <code>{name}</code> <FileManagedMark upstream={upstream} />
      </h2>
      {isFileManaged(upstream) ? <p>{FILE_MANAGED_REASON}</p> : null}
      <p>
        Last sync: {lastSyncAt === null ? 'never' : ageOf(lastSyncAt)}
        {lastSyncError === null ? null : <> — failed: {lastSyncError}</>}
      </p>
      <h3>Tools</h3>
      {tools.length === 0 ? (
        <Empty>This upstream serves no tool.</Empty>
      ) : (
        <ul aria-label={`Tools of ${name}`}>
          {tools.map((tool) => (
            <li key={tool.name}>
              <a href={hrefOf('Tools', tool.name)}>
                <code>{tool.name}</code>
              </a>{' '}
              ({tool.upstreamName} at the upstream, version {tool.servedVersion ?? 'none served'})
              {tool.withheld === null ? null : <> — withheld: {tool.withheld}</>}
            </li>
          ))}
        </ul>
      )}
      {held.length === 0 ? null : (
        <>
          <h3>Held</h3>
          <ul aria-label={`Held by ${name}`}>
            {held.map((item) => (
              <li key={item.name}>
                <code>{item.name}</code>: {item.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Pending definition changes</h3>
      {pendingDefinitions.length === 0 ? (
        <Empty>No changed definition waits for approval.</Empty>
      ) : (
        <ul aria-label={`Pending definitions of ${name}`}>
          {pendingDefinitions.map((pending) => (
            <li key={pending.definitionSha256}>
              <a href={hrefOf('Tools', pending.tool)}>
                Review {pending.tool} version {pending.version}
              </a>{' '}
              (<code>{shortHash(pending.definitionSha256)}</code>, seen {ageOf(pending.firstSeenAt)}
              )
            </li>
          ))}
        </ul>
      )}
      <PendingPrompts api={api} upstream={upstream} onDecided={onChanged} />
    </section>
  );
}
