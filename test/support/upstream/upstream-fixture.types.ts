import type { JsonObject } from '../../../src/protocol/json-rpc/json-rpc.types.js';

/**
 * What a fixture tool does when called:
 * - `echo`: returns its arguments as text and `structuredContent`;
 * - `hang`: never answers; records the cancellation when `notifications/cancelled` arrives;
 * - `progress`: sends three `notifications/progress` (when the call has a progressToken), then answers;
 * - `error`: answers `isError: true`;
 * - `log`: sends a `notifications/message` then answers;
 * - `set-description`: sets the description of tool `arguments.name` to `arguments.description`
 *   and sends `notifications/tools/list_changed` (the "rug pull" on demand, also over stdio);
 * - `events`: returns the fixture's {@link UpstreamFixtureEvents} (what it saw: calls, cancellations,
 *   credentials), the way to observe a stdio upstream from the test.
 */
export type FixtureToolBehaviour =
  'echo' | 'hang' | 'progress' | 'error' | 'log' | 'set-description' | 'events';

export interface FixtureTool {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: JsonObject;
  readonly annotations?: JsonObject;
  /** Default `echo`. */
  readonly behaviour?: FixtureToolBehaviour;
}

export interface FixtureResource {
  readonly uri: string;
  readonly name: string;
  readonly description?: string;
  readonly text: string;
}

export interface FixturePrompt {
  readonly name: string;
  readonly description?: string;
  /** The prompt's one user message; its arguments are appended as JSON. */
  readonly text: string;
}

/** A fixture upstream: everything serialisable, so a stdio child takes it as one argv JSON. */
export interface UpstreamFixtureSpec {
  /** `serverInfo.name`, default `fixture-upstream`. */
  readonly name?: string;
  /** Default: {@link DEFAULT_FIXTURE_TOOLS}. */
  readonly tools?: readonly FixtureTool[];
  readonly resources?: readonly FixtureResource[];
  readonly prompts?: readonly FixturePrompt[];
  /** URIs whose `resources/subscribe` the fixture refuses with -32602. */
  readonly refusedSubscriptions?: readonly string[];
  /** Page size of every `*\/list` (cursor pagination); default: everything on one page. */
  readonly pageSize?: number;
}

/** What the upstream observed, for assertions. */
export interface UpstreamFixtureEvents {
  readonly calls: { readonly tool: string; readonly arguments: JsonObject }[];
  /** Tool calls that ended by `notifications/cancelled` (their request ids). */
  readonly cancelled: { readonly tool: string; readonly requestId: string | number }[];
  /** Every `Authorization` header value received (HTTP transports; `<none>` when absent). */
  readonly authorizations: string[];
  readonly subscriptions: string[];
  /** URIs of the `resources/unsubscribe` requests received. */
  readonly unsubscriptions: string[];
}

export const DEFAULT_FIXTURE_TOOLS: readonly FixtureTool[] = [
  {
    name: 'echo',
    description: 'Returns its arguments.',
    annotations: { readOnlyHint: true },
  },
  { name: 'hang', description: 'Never answers until cancelled.', behaviour: 'hang' },
  { name: 'progress', description: 'Reports progress three times.', behaviour: 'progress' },
  { name: 'fail', description: 'Always reports a tool error.', behaviour: 'error' },
  { name: 'log', description: 'Sends a log message.', behaviour: 'log' },
  {
    name: 'set_description',
    description: 'Changes the description of another tool.',
    behaviour: 'set-description',
  },
  { name: 'events', description: 'What this upstream observed.', behaviour: 'events' },
];
