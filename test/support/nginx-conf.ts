/** Helpers of test/deploy/compose.spec.ts: what deploy/nginx/nginx.conf routes where. */

/** One `location` of an nginx `server` block: its match (`=` exact or prefix) and what it does. */
export interface NginxLocation {
  readonly exact: boolean;
  readonly path: string;
  readonly body: string;
}
export interface NginxServer {
  readonly listen: number;
  readonly locations: NginxLocation[];
}

/** The `server` blocks of deploy/nginx/nginx.conf (no nested braces inside a location). */
export function nginxServers(conf: string): NginxServer[] {
  const text = conf.replace(/#.*$/gm, '');
  const servers: NginxServer[] = [];
  for (const match of text.matchAll(/\bserver\s*\{/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < text.length) {
      if (text[end] === '{') depth += 1;
      if (text[end] === '}') depth -= 1;
      end += 1;
    }
    const block = text.slice(match.index + match[0].length, end - 1);
    const listen = Number(/\blisten\s+(\d+);/.exec(block)?.[1]);
    const locations = [...block.matchAll(/location\s+(=\s*)?(\S+)\s*\{([^}]*)\}/g)].map(
      ([, exact, path, body]) => ({ exact: exact !== undefined, path: path!, body: body!.trim() }),
    );
    servers.push({ listen, locations });
  }
  return servers;
}

/** The location nginx picks for `path`: an exact match first, else the longest prefix. */
export function nginxLocationFor(server: NginxServer, path: string): NginxLocation | undefined {
  const exact = server.locations.find((location) => location.exact && location.path === path);
  if (exact !== undefined) return exact;
  return server.locations
    .filter((location) => !location.exact && path.startsWith(location.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
