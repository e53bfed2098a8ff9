import { useEffect, useState } from 'preact/hooks';

import { AdminApi } from '../api/client.js';
import { ErrorNotice } from '../ui/states.js';
import { asError } from '../ui/use-resource.js';
import { devSignIn, devSignInOffer, type DevSignInOffer } from './dev-sign-in.js';
import {
  completeOidcSignIn,
  type OidcOffer,
  signInOptions,
  startOidcSignIn,
} from './oidc-sign-in.js';
import { probePath } from './roles.js';
import { claimsOf } from './token-store.js';

/**
 * Sign in through the configured issuer (when the server offers it), paste an admin token
 * (`npm run token -- --sub you --roles admin,approver`), or, with the development issuer on,
 * sign in with one click. The token is checked against the admin API before it is kept (with a
 * read its roles allow), so a 401 or 403 shows here with what to do.
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
  const [oidc, setOidc] = useState<OidcOffer | Error | undefined>(undefined);
  useEffect(() => {
    signInOptions().then(
      (options) => {
        setOidc(options.offer ?? undefined);
        if (options.devSignIn) devSignInOffer().then(setOffer, () => setOffer(undefined));
      },
      (failure: unknown) => setOidc(asError(failure)),
    );
    completeOidcSignIn().then(
      (returned) => {
        if (returned !== undefined) void attempt(() => Promise.resolve(returned));
      },
      (failure: unknown) => setError(asError(failure)),
    );
  }, []);

  const attempt = async (obtain: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      const candidate = (await obtain()).trim();
      await new AdminApi(candidate, () => undefined).get(probePath(claimsOf(candidate).roles));
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
      <IssuerSignIn offer={oidc} busy={busy} />
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

/** The button to the configured issuer, or why it is unavailable; nothing without one. */
function IssuerSignIn({ offer, busy }: { offer: OidcOffer | Error | undefined; busy: boolean }) {
  if (offer === undefined) return null;
  if (offer instanceof Error) return <ErrorNotice error={offer} />;
  return (
    <section aria-labelledby="issuer-title">
      <h2 id="issuer-title">Your organisation's sign-in</h2>
      <button type="button" disabled={busy} onClick={() => void startOidcSignIn(offer)}>
        Sign in with {new URL(offer.issuer).host}
      </button>
      <p class="hint">Goes to {offer.issuer} and back here; the token stays in this tab only.</p>
    </section>
  );
}
