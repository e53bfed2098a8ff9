// @ts-check
/**
 * Layer rules of docs/architecture.md "Layers" and "Import rules": imports follow the data, top to
 * bottom, and nothing calls upward. `npm run lint` runs `depcruise src` with this file; a violation
 * fails CI. Type-only imports count too (tsPreCompilationDeps): a type from the wire is the wire.
 */

/** Node's HTTP stack and Express: what a layer below the transports must never see. */
const HTTP_MODULES = '^(node:)?(http|https|http2)$';
const EXPRESS = '(^|/)node_modules/(@types/)?express(-serve-static-core)?/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'mcp-core-no-transport',
      comment:
        'The protocol core knows nothing of HTTP or stdio: transports call the dispatcher, never ' +
        'the reverse; the admin module sits on top of the core too.',
      severity: 'error',
      from: { path: '^src/mcp/' },
      to: { path: '^src/(transport|admin)/' },
    },
    {
      name: 'capability-no-wire',
      comment: 'A capability gets a handler context, never a request, response or socket.',
      severity: 'error',
      from: { path: '^src/capabilities/' },
      to: { path: ['^src/transport/', HTTP_MODULES] },
    },
    {
      name: 'policy-takes-a-principal',
      comment: 'The access decision takes a principal, not a request: no transport, no HTTP types.',
      severity: 'error',
      from: { path: '^src/policy/' },
      to: { path: ['^src/transport/', HTTP_MODULES, EXPRESS] },
    },
    {
      name: 'persistence-knows-no-protocol',
      comment:
        'Entities, migrations plumbing and pools are below the dispatcher and the transports.',
      severity: 'error',
      from: { path: '^src/persistence/' },
      to: { path: '^src/(mcp/dispatcher|transport)/' },
    },
    {
      name: 'protocol-is-the-ground-floor',
      comment:
        'JSON-RPC and MCP types, protocol versions, handler-context and capability types: every ' +
        'layer imports them, so they import nothing else from src (docs/architecture.md).',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: '^src/', pathNot: '^src/protocol/' },
    },
    {
      name: 'config-depends-on-nothing',
      comment: 'The typed config is the root every layer reads; it imports nothing else from src.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'no-circular',
      comment: 'A runtime cycle makes load order (and Nest DI) depend on which file loads first.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-type-only',
      comment:
        'A cycle closed only by `import type` is erased at build time, so it cannot break loading; ' +
        'it is still a sign that two files share one job.',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Unit specs may reach across layers to wire fakes; the rules govern shipped code.
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
