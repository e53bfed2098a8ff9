// @ts-check
/**
 * Layer rules of docs/architecture.md "Layers" and "Import rules": imports follow the data, top to bottom, and
 * nothing calls upward. From the top: the edge (entry points, CLI, transports, admin API,
 * health, capabilities, tasks), the engine (src/mcp), the services, persistence, and the ground
 * floor (src/protocol, src/config). `npm run lint` runs `depcruise src` with this file; a
 * violation fails CI. Type-only imports count too (tsPreCompilationDeps): a type from the wire
 * is the wire.
 */

/** Node's HTTP stack and Express: what a layer below the transports must never see. */
const HTTP_MODULES = '^(node:)?(http|https|http2)$';
const EXPRESS = '(^|/)node_modules/(@types/)?express(-serve-static-core)?/';

const GROUND = '^src/(protocol|config)/';
const PERSISTENCE = '^src/persistence/';
const SERVICES =
  '^src/(policy|versions|sessions|audit|auth|security|metrics|tracing|logging|ops|events|idempotency|approvals)/';
const ENGINE = '^src/mcp/';
/** Below the edge; whatever else is in src is edge, a new folder too until it is listed here. */
const BELOW_EDGE = [ENGINE, SERVICES, PERSISTENCE, GROUND];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-below-the-edge',
      comment:
        'The engine knows nothing of HTTP, stdio, the admin API or the capabilities it serves: ' +
        'transports and the admin API call it, capabilities register through its decorators ' +
        '(docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: ENGINE },
      to: { path: '^src/', pathNot: BELOW_EDGE },
    },
    {
      name: 'services-below-the-engine',
      comment:
        'Policy, versions, sessions, audit, auth and the other services are what the engine ' +
        'uses; they reach it only through ports of the ground floor (CapabilityRegistry, ' +
        'ToolVersionServing), never by import (docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: '^src/', pathNot: [SERVICES, PERSISTENCE, GROUND] },
    },
    {
      name: 'services-reach-no-engine',
      comment:
        'Not through another module either: nothing a service imports, directly or not, is ' +
        'the engine or the edge (docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: '^src/', pathNot: [SERVICES, PERSISTENCE, GROUND], reachable: true },
    },
    {
      name: 'policy-without-versions',
      comment:
        'Served tool versions follow the policy (pins, approval mode); the policy never asks ' +
        'which version is served (docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: '^src/policy/' },
      to: { path: '^src/versions/' },
    },
    {
      name: 'sessions-without-metrics',
      comment:
        'Metrics count sessions; sessions do not report to metrics (docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: '^src/sessions/' },
      to: { path: '^src/metrics/' },
    },
    {
      name: 'persistence-knows-no-feature',
      comment:
        'Data source, pool, migrations plumbing and the embedded database serve every feature ' +
        'and name none: they read the config, nothing else from src (docs/architecture.md, ' +
        'Layers).',
      severity: 'error',
      from: { path: PERSISTENCE },
      to: { path: '^src/', pathNot: [PERSISTENCE, '^src/config/'] },
    },
    {
      name: 'persistence-reaches-no-feature',
      comment:
        'Not through another module either: nothing persistence imports, directly or not, is ' +
        'a service, the engine or the edge (docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: PERSISTENCE },
      to: { path: '^src/', pathNot: [PERSISTENCE, GROUND], reachable: true },
    },
    {
      name: 'capabilities-are-plugins',
      comment:
        'A capability gets a handler context, never a request, response or socket, and is ' +
        'administered, never administering: no transport, no admin API, no HTTP ' +
        '(docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: '^src/capabilities/' },
      to: { path: ['^src/(transport|admin)/', HTTP_MODULES] },
    },
    {
      name: 'transport-and-admin-apart',
      comment:
        'Transports carry MCP, the admin API serves operators: both call the engine and the ' +
        'services, neither the other (docs/architecture.md, Layers).',
      severity: 'error',
      from: { path: '^src/(transport|admin)/' },
      to: { path: '^src/(transport|admin)/', pathNot: '^src/$1/' },
    },
    {
      name: 'policy-takes-a-principal',
      comment: 'The access decision takes a principal, not a request: no transport, no HTTP types.',
      severity: 'error',
      from: { path: '^src/policy/' },
      to: { path: ['^src/transport/', HTTP_MODULES, EXPRESS] },
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
