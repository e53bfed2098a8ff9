import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Hands every span to the processors of the applications open in the process. The SDK's
 * provider takes its processors once, at construction; the process-wide provider
 * (global-tracing.ts) outlives the applications that add and remove theirs.
 */
export class FanOutSpanProcessor implements SpanProcessor {
  private readonly processors = new Set<SpanProcessor>();

  add(processor: SpanProcessor): void {
    this.processors.add(processor);
  }

  delete(processor: SpanProcessor): void {
    this.processors.delete(processor);
  }

  onStart(span: Span, parentContext: Context): void {
    for (const processor of this.processors) processor.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    for (const processor of this.processors) processor.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.processors].map((processor) => processor.forceFlush()));
  }

  /** The applications shut their own processors down when they release their lease. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
