import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fields of an OTLP/JSON span the suites read (ids are lower-case hex in OTLP/JSON). */
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  /** Nanoseconds since the epoch, a decimal string in OTLP/JSON. */
  readonly startTimeUnixNano: string;
  readonly status?: { readonly code?: number };
  readonly attributes: readonly OtlpAttribute[];
  readonly links?: readonly { readonly traceId: string; readonly spanId: string }[];
  readonly events?: readonly { readonly name: string; readonly attributes?: OtlpAttribute[] }[];
}

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: string | number };
}

interface OtlpExport {
  readonly resourceSpans: readonly {
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_SERVER = 2;
export const SPAN_KIND_CLIENT = 3;
export const STATUS_ERROR = 2;

/** An in-process OTLP/HTTP collector: records every JSON export POSTed to `/v1/traces`. */
export class OtlpReceiver {
  readonly exports: OtlpExport[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        this.exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  spans(): OtlpSpan[] {
    return this.exports.flatMap((e) =>
      e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A string or integer attribute of `span`, as a string. */
export function attribute(span: OtlpSpan, key: string): string | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (value === undefined) return undefined;
  return value.stringValue ?? (value.intValue === undefined ? undefined : String(value.intValue));
}

/** A span and its children, for reading one trace as a tree. */
export interface SpanNode {
  readonly span: OtlpSpan;
  readonly children: SpanNode[];
}

/** The tree under `root`, children in the order they started. */
export function spanTree(spans: readonly OtlpSpan[], root: OtlpSpan): SpanNode {
  const children = spans
    .filter((s) => s.parentSpanId === root.spanId)
    .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
  return { span: root, children: children.map((s) => spanTree(spans, s)) };
}

/** `name` lines indented by depth: the shape of a trace, for assertions and reading. */
export function treeOutline(node: SpanNode, depth = 0): string[] {
  return [
    `${'  '.repeat(depth)}${node.span.name}`,
    ...node.children.flatMap((child) => treeOutline(child, depth + 1)),
  ];
}
