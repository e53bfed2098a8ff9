import { useEffect, useMemo, useState } from 'preact/hooks';

import { AdminApi } from './api/client.js';
import { homePage, missingRole } from './auth/roles.js';
import { SignInPage } from './auth/sign-in-page.js';
import { claimsOf, forgetToken, loadToken, saveToken } from './auth/token-store.js';
import { AccessPage } from './pages/access-page.js';
import { ApprovalsPage } from './pages/approvals-page.js';
import { AuditPage } from './pages/audit-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { SessionsPage } from './pages/sessions-page.js';
import { SkillsPage } from './pages/skills-page.js';
import { ToolsPage } from './pages/tools/tools-page.js';
import { UpstreamsPage } from './pages/upstreams/upstreams-page.js';
import { hrefOf, type PageName, useCurrentPage } from './router.js';
import { Nav } from './ui/nav.js';
import { RoleNeeded } from './ui/role-needed.js';

const EXPIRED = 'The server no longer accepts your token (401): sign in again.';

export function App() {
  const [token, setToken] = useState(loadToken());
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const page = useCurrentPage();
  const claims = token === null ? undefined : claimsOf(token);
  const roles = claims?.roles ?? [];
  const home = homePage(roles);
  // A token that may use one page only starts there rather than on a page it may not use.
  useEffect(() => {
    if (location.hash === '' && home !== 'Overview') location.hash = hrefOf(home);
  }, [home]);
  const api = useMemo(
    () =>
      token === null
        ? undefined
        : new AdminApi(token, () => {
            forgetToken();
            setNotice(EXPIRED);
            setToken(null);
          }),
    [token],
  );

  if (token === null || api === undefined) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(signedIn) => {
          saveToken(signedIn);
          setNotice(undefined);
          setToken(signedIn);
        }}
      />
    );
  }
  const subject = claims?.subject ?? 'unknown';
  // A token whose claims cannot be read goes to the API, whose 401 sends it back to sign-in.
  const missing = claims?.readable === true ? missingRole(page, roles) : undefined;
  return (
    <div class="layout">
      <header class="top">
        <span class="brand">MCP server admin</span>
        <span class="who">
          {subject} ({roles.join(', ') || 'no roles'})
        </span>
        <button
          type="button"
          onClick={() => {
            forgetToken();
            setToken(null);
          }}
        >
          Sign out
        </button>
      </header>
      <Nav current={page} />
      <main id="main" aria-labelledby="page-title">
        <h1 id="page-title">{page}</h1>
        {missing === undefined ? (
          <PageOf page={page} api={api} />
        ) : (
          <RoleNeeded page={page} role={missing} roles={roles} />
        )}
      </main>
    </div>
  );
}

function PageOf({ page, api }: { page: PageName; api: AdminApi }) {
  switch (page) {
    case 'Overview':
      return <OverviewPage api={api} />;
    case 'Tools':
      return <ToolsPage api={api} />;
    case 'Skills':
      return <SkillsPage api={api} />;
    case 'Upstreams':
      return <UpstreamsPage api={api} />;
    case 'Access':
      return <AccessPage api={api} />;
    case 'Approvals':
      return <ApprovalsPage api={api} />;
    case 'Audit':
      return <AuditPage api={api} />;
    case 'Sessions':
      return <SessionsPage api={api} />;
  }
}
