/**
 * Upstream resource URIs as we serve them (docs/federation.md "Resources and prompts"): the upstream's URI
 * behind a fixed prefix naming the upstream, `mcp-upstream://<upstream>/<its uri>`, so the
 * rewrite is reversible by stripping the prefix, and two upstreams' equal URIs never collide.
 */
export const FEDERATED_URI_SCHEME = 'mcp-upstream';

export function uriPrefixOf(upstream: string): string {
  return `${FEDERATED_URI_SCHEME}://${upstream}/`;
}

export function servedUriOf(upstream: string, uri: string): string {
  return `${uriPrefixOf(upstream)}${uri}`;
}

/** The upstream's own URI of a served one; `undefined` when `uri` is not of `upstream`. */
export function upstreamUriOf(upstream: string, uri: string): string | undefined {
  const prefix = uriPrefixOf(upstream);
  return uri.startsWith(prefix) ? uri.slice(prefix.length) : undefined;
}
