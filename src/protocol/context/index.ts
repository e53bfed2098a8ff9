export * from './mcp-session.js';
export * from './message-sink.js';
export * from './principal.js';
export * from './request-context.js';
export * from './handler-context.js';
