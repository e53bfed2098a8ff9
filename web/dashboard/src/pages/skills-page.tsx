import { useState } from 'preact/hooks';

import type { SkillAdminView, SkillList } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { listOrAny, shortHash } from '../ui/format.js';
import { type Column, SortableTable } from '../ui/sortable-table.js';
import { Empty, ErrorNotice, Loaded } from '../ui/states.js';
import { Switch } from '../ui/switch.js';
import { asError, useResource } from '../ui/use-resource.js';

const hashOf = (digest: string | null): string =>
  shortHash(digest === null ? null : digest.replace(/^sha256:/, ''));

function rolesOf(skill: SkillAdminView): string {
  const lists = skill.effectivePolicy.roles;
  return lists.length === 0 ? 'any' : lists.map((list) => listOrAny(list)).join(' and ');
}

/**
 * The Agent Skills served through the SEP-2640 extension (docs/skills.md): switch one off,
 * approve or reject a pending version, and see the skills refused at load.
 */
export function SkillsPage({ api }: { api: AdminApi }) {
  const [list, reload] = useResource(() => api.get<SkillList>('/skills'), [api]);
  const [error, setError] = useState<Error | undefined>(undefined);
  const act = async (change: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await change();
    } catch (failure) {
      setError(asError(failure));
    }
    reload();
  };
  const path = (skill: SkillAdminView) => `/skills/${encodeURIComponent(skill.name)}`;
  const decide = (skill: SkillAdminView, digest: string, decision: 'approve' | 'reject') =>
    act(() => api.post(`${path(skill)}/versions/${encodeURIComponent(digest)}/${decision}`));
  const columns: Column<SkillAdminView>[] = [
    { label: 'Skill', sortValue: (s) => s.name, cell: (s) => <code>{s.name}</code> },
    {
      label: 'Enabled',
      sortValue: (s) => (s.policy.enabled ? 1 : 0),
      cell: (s) => (
        <Switch
          label={`Enable ${s.name}`}
          checked={s.policy.enabled}
          onToggle={(enabled) => void act(() => api.patch(path(s), { enabled }))}
        />
      ),
    },
    {
      label: 'State',
      sortValue: (s) => s.effective,
      cell: (s) => <span class={`badge ${s.effective}`}>{s.effective}</span>,
    },
    { label: 'Origin', sortValue: (s) => s.origin ?? '', cell: (s) => s.origin ?? '—' },
    {
      label: 'Served version',
      cell: (s) => <code title={s.servedDigest ?? undefined}>{hashOf(s.servedDigest)}</code>,
    },
    { label: 'Roles', sortValue: rolesOf, cell: rolesOf },
    {
      label: 'Pending versions',
      cell: (s) =>
        s.versions
          .filter((version) => version.status === 'pending')
          .map((version) => (
            <span key={version.digest} class="actions">
              <button type="button" onClick={() => void decide(s, version.digest, 'approve')}>
                Approve {s.name} {hashOf(version.digest)}
              </button>
              <button type="button" onClick={() => void decide(s, version.digest, 'reject')}>
                Reject {s.name} {hashOf(version.digest)}
              </button>
            </span>
          )),
    },
  ];
  return (
    <>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <Loaded resource={list} what="skills">
        {({ skills, problems }) => (
          <>
            {skills.length === 0 ? (
              <Empty>No skill is served: set MCP_SKILLS_DIR to a folder of skills.</Empty>
            ) : (
              <SortableTable
                caption={`${skills.length} skills`}
                columns={columns}
                rows={skills}
                keyOf={(s) => s.name}
              />
            )}
            {problems.length === 0 ? null : (
              <section aria-labelledby="refused-title">
                <h2 id="refused-title">Refused at load</h2>
                <ul>
                  {problems.map((problem) => (
                    <li key={problem.file}>
                      <code>{problem.file}</code>: {problem.message}
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
