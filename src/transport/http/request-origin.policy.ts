import { type AppConfig, isLoopbackHost } from '../../config/app-config.js';

/**
 * DNS-rebinding protection (transports §Security Warning). A rebound page is same-origin with the
 * attacker's host name, so two checks run on every request:
 * - `Origin`, when present (`null` included), must be allow-listed, or be exactly the origin of
 *   the request's own `Host` when that host is a loopback name (a page served by this server);
 * - `Host` (port ignored) must be allow-listed: the only check left when a rebinding client sends
 *   no `Origin` at all.
 * Both lists are normalized once at boot; a request only does string work.
 */
export class RequestOriginPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  constructor(http: AppConfig['http']) {
    this.hosts = new Set(http.allowedHosts.map((host) => hostnameOf(host) ?? host.toLowerCase()));
    this.origins = new Set(http.allowedOrigins.map(normalizeOrigin));
  }

  isHostAllowed(hostHeader: string | undefined): boolean {
    const hostname = hostnameOf(hostHeader);
    return hostname !== undefined && this.hosts.has(hostname);
  }

  /** `origin` undefined = no `Origin` header (non-browser client): allowed. */
  isOriginAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined) return true;
    const normalized = normalizeOrigin(origin);
    if (this.origins.has(normalized)) return true;
    const hostname = hostnameOf(hostHeader);
    if (hostname === undefined || !isLoopbackHost(hostname) || !this.hosts.has(hostname)) {
      return false;
    }
    const host = (hostHeader ?? '').toLowerCase();
    return normalized === `http://${host}` || normalized === `https://${host}`;
  }
}

/**
 * The host name of a `Host` header value, lower-cased, without port or IPv6 brackets:
 * `[::1]:3000` → `::1`, `LocalHost:3000` → `localhost`. `undefined` for an empty or garbled value.
 */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined;
  const value = hostHeader.toLowerCase();
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    const rest = value.slice(close + 1);
    if (close < 2 || (rest !== '' && !/^:\d{1,5}$/.test(rest))) return undefined;
    return value.slice(1, close);
  }
  const colon = value.indexOf(':');
  // A bare IPv6 literal has several colons; a name or IPv4 address has at most the port's.
  if (colon !== -1 && value.indexOf(':', colon + 1) !== -1) return value;
  const name = colon === -1 ? value : value.slice(0, colon);
  if (colon !== -1 && !/^\d{1,5}$/.test(value.slice(colon + 1))) return undefined;
  return name === '' ? undefined : name;
}

/** `scheme://host[:port]` as browsers send it (RFC 6454 §6.1); garbage compares as itself. */
function normalizeOrigin(origin: string): string {
  const trimmed = origin.trim().toLowerCase();
  if (trimmed === 'null') return trimmed;
  try {
    const parsed = new URL(trimmed);
    return parsed.origin === 'null' ? trimmed : parsed.origin;
  } catch {
    return trimmed;
  }
}
