import { useEffect, useState } from 'preact/hooks';

import { AdminApi } from '../api/client.js';
import { ErrorNotice } from '../ui/states.js';
import { asError } from '../ui/use-resource.js';
import { devSignIn, devSignInOffer, type DevSignInOffer } from './dev-sign-in.js';

/**
 * Paste an admin token (`npm run token -- --sub you --roles admin,approver`), or, with the
 * development issuer on, sign in with one click. The token is checked against the admin API
 * before it is kept, so a 401 or 403 shows here with what to do.
 */
export function SignInPage({
  onSignedIn,
  notice,
}: {
  onSignedIn: (token: string) => void;
  notice: string | undefined;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [offer, setOffer] = useState<DevSignInOffer | undefined>(undefined);
  useEffect(() => {
    devSignInOffer().then(setOffer, () => setOffer(undefined));
  }, []);

  const attempt = async (obtain: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      const candidate = (await obtain()).trim();
      await new AdminApi(candidate, () => undefined).get('/tools');
      onSignedIn(candidate);
    } catch (failure) {
      setError(asError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to the MCP server admin</h1>
      {notice === undefined ? null : (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void attempt(() => Promise.resolve(token));
        }}
      >
        <label for="token">Admin token (a JWT with role admin)</label>
        <textarea
          id="token"
          rows={4}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          autocomplete="off"
          spellcheck={false}
          required
        />
        <p class="hint">
          Get one with <code>npm run --silent token -- --sub you --roles admin,approver</code>. It
          is kept in this tab only.
        </p>
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
      {offer === undefined ? null : (
        <section aria-labelledby="dev-title">
          <h2 id="dev-title">Development issuer</h2>
          <button type="button" disabled={busy} onClick={() => void attempt(devSignIn)}>
            Dev sign-in as {offer.subject} ({offer.roles.join(', ')})
          </button>
        </section>
      )}
      {error === undefined ? null : <ErrorNotice error={error} />}
    </main>
  );
}
