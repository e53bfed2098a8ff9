import type { ToolList } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { Empty, Loaded } from '../ui/states.js';
import { useResource } from '../ui/use-resource.js';
import { AccessMatrix } from './access-matrix.js';

/** Who may see what, in one screen: clients × tools, then tenants × tools. */
export function AccessPage({ api }: { api: AdminApi }) {
  const [list, reload] = useResource(() => api.get<ToolList>('/tools'), [api]);
  return (
    <Loaded resource={list} what="the access matrix">
      {({ tools }) =>
        tools.length === 0 ? (
          <Empty>No tools are registered.</Empty>
        ) : (
          <>
            <AccessMatrix
              api={api}
              tools={tools}
              field="allowedClients"
              noun="client"
              onChanged={reload}
            />
            <AccessMatrix
              api={api}
              tools={tools}
              field="allowedTenants"
              noun="tenant"
              onChanged={reload}
            />
          </>
        )
      }
    </Loaded>
  );
}
