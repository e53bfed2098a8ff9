import { context, type Span, trace } from '@opentelemetry/api';

import type { ToolCallOutcome } from '../audit/audit-log.js';
import { markFailed } from './span-status.js';
import { MCP_TOOL_OUTCOME } from './trace-attributes.js';

/** Tool outcomes that are not failures of the call (semconv: `error.type` only on failure). */
const NOT_FAILED: ReadonlySet<ToolCallOutcome> = new Set([
  'success',
  'input_required',
  'replayed',
  'approval_pending',
]);

/**
 * The `execute_tool` span of one handler run, current while the handler runs so the spans its
 * author starts with the global API (`trace.getTracer(...).startActiveSpan`) become its children.
 */
export class ToolSpan {
  constructor(private readonly span: Span) {}

  run<T>(handler: () => T): T {
    return context.with(trace.setSpan(context.active(), this.span), handler);
  }

  end(outcome: ToolCallOutcome): void {
    endToolSpan(this.span, outcome);
  }
}

export function endToolSpan(span: Span, outcome: ToolCallOutcome): void {
  span.setAttribute(MCP_TOOL_OUTCOME, outcome);
  if (!NOT_FAILED.has(outcome)) markFailed(span, outcome);
  span.end();
}
