/**
 * The admin token lives in this tab's sessionStorage only: it survives a reload, not the tab,
 * and no other tab or site sees it (README "The admin dashboard").
 */
const KEY = 'mcp-admin-token';

export function loadToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/**
 * The token's `sub` and `roles` claims, read (not verified: the server verifies) for display and
 * to say which pages need a role the token lacks; `readable` is false for what is not a JWT.
 */
export function claimsOf(token: string): {
  subject: string;
  roles: readonly string[];
  readable: boolean;
} {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; roles?: unknown };
    return {
      subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [],
      readable: true,
    };
  } catch {
    return { subject: 'unknown', roles: [], readable: false };
  }
}
