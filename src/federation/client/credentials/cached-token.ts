import type { IssuedToken } from './token-endpoint.js';

/**
 * A token kept until `skewMs` before it expires, then fetched again with the `fetchToken` of
 * the asker (so no input of the request, such as a caller's token, is kept); concurrent askers
 * share one request to the token endpoint.
 */
export class CachedToken {
  private token: IssuedToken | undefined;
  private pending: Promise<IssuedToken> | undefined;

  constructor(private readonly skewMs: number) {}

  async get(fetchToken: () => Promise<IssuedToken>): Promise<string> {
    if (this.token !== undefined && Date.now() < this.token.expiresAt - this.skewMs) {
      return this.token.accessToken;
    }
    if (this.pending === undefined) {
      const pending = fetchToken();
      this.pending = pending;
      pending.then(
        (token) => {
          this.token = token;
          if (this.pending === pending) this.pending = undefined;
        },
        () => {
          if (this.pending === pending) this.pending = undefined;
        },
      );
    }
    return (await this.pending).accessToken;
  }

  /** Forgets the token (the upstream refused it: revoked, or its keys rotated). */
  invalidate(): void {
    this.token = undefined;
  }
}
