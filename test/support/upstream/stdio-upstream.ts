// A fixture upstream on stdin/stdout (official SDK 1.x `StdioServerTransport`), started by
// `stdioUpstreamCommand()` as a child process. argv[2]: the `UpstreamFixtureSpec` as JSON.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { FixtureState } from './fixture-state.js';
import { buildFixtureServer } from './upstream-server.js';
import type { UpstreamFixtureSpec } from './upstream-fixture.types.js';

const state = new FixtureState(JSON.parse(process.argv[2] ?? '{}') as UpstreamFixtureSpec);
const server = buildFixtureServer(state);
state.servers.add(server);
await server.connect(new StdioServerTransport());
