import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';

import { METRIC_NAMES } from '../metric-names.js';
import { type CallFigures, figuresBetween, sumTotals } from './call-figures.js';
import { readRegistry, type RegistrySnapshot } from './registry-reader.js';

/** Seconds between two snapshots: the step of the live charts. */
export const SAMPLE_SECONDS = 5;
/** Steps of the live charts (5 minutes). */
export const LIVE_STEPS = 60;
const NO_TOOLS: RegistrySnapshot['tools'] = new Map();
/** Snapshots between two hourly ones, and how many of those cover the hour. */
const SAMPLES_PER_MINUTE = 60 / SAMPLE_SECONDS;
const HOUR_STEPS = 60;

/** One step of the live charts, over all tools. */
export interface LivePoint extends CallFigures {
  /** End of the step, ISO 8601. */
  readonly at: string;
  readonly activeSessions: number;
}

/** One tool over the live charts' span. */
export interface LiveTool extends CallFigures {
  readonly name: string;
  /** p95 latency of each step (`null`: no call ended in it), aligned with the points. */
  readonly p95Series: readonly (number | null)[];
}

export interface LiveFigures {
  readonly stepSeconds: number;
  readonly points: readonly LivePoint[];
  readonly tools: readonly LiveTool[];
}

export interface RecentFigures {
  /** Seconds the figures cover: an hour, or the time since this instance started. */
  readonly coveredSeconds: number;
  readonly tools: readonly (CallFigures & { readonly name: string })[];
}

/**
 * Rolling windows over this instance's tool-call metrics for the admin dashboard (README "The
 * admin dashboard"). A timer reads the prom-client registry every {@link SAMPLE_SECONDS} and keeps
 * the last {@link LIVE_STEPS} snapshots, and one a minute for the last hour; figures of a window
 * are differences of two snapshots. The tools/call path records its metrics as before and does
 * nothing more; the cost is one registry read per step, off the request path, and about
 * 120 snapshots of the called tools' counters in memory.
 */
@Injectable()
export class MetricsWindow implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsWindow.name);
  private readonly recent: RegistrySnapshot[] = [];
  private readonly hourly: RegistrySnapshot[] = [];
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectMetric(METRIC_NAMES.toolCallsTotal) private readonly toolCalls: Counter<string>,
    @InjectMetric(METRIC_NAMES.toolCallDurationSeconds)
    private readonly toolDurations: Histogram<string>,
    @InjectMetric(METRIC_NAMES.activeSessions) private readonly sessions: Gauge<string>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => void this.sample(), SAMPLE_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The live charts: one point per step over all tools, and each tool over the whole span. */
  live(): LiveFigures {
    const points: LivePoint[] = [];
    for (let index = 1; index < this.recent.length; index += 1) {
      const [before, after] = [this.recent[index - 1], this.recent[index]] as const;
      if (before === undefined || after === undefined) continue;
      points.push({
        at: new Date(after.at).toISOString(),
        activeSessions: after.activeSessions,
        ...figuresBetween(sumTotals(after.tools.values()), sumTotals(before.tools.values())),
      });
    }
    const first = this.recent[0];
    const last = this.recent[this.recent.length - 1];
    const tools = [...(last?.tools ?? NO_TOOLS).entries()].map(([name, totals]) => ({
      name,
      ...figuresBetween(totals, first?.tools.get(name)),
      p95Series: this.recent.slice(1).map((after, index) => {
        const totals = after.tools.get(name);
        return totals === undefined
          ? null
          : figuresBetween(totals, this.recent[index]?.tools.get(name)).p95Ms;
      }),
    }));
    return { stepSeconds: SAMPLE_SECONDS, points, tools: tools.filter((tool) => tool.calls > 0) };
  }

  /** Each tool's calls, errors and p95 latency over the last hour, up to this moment. */
  async lastHour(): Promise<RecentFigures> {
    const now = await this.read();
    const since = this.hourly[0] ?? now;
    return {
      coveredSeconds: Math.round((now.at - since.at) / 1000),
      tools: [...now.tools.entries()]
        .map(([name, totals]) => ({ name, ...figuresBetween(totals, since.tools.get(name)) }))
        .filter((tool) => tool.calls > 0)
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  private read(): Promise<RegistrySnapshot> {
    return readRegistry(this.toolCalls, this.toolDurations, this.sessions, Date.now());
  }

  private async sample(): Promise<void> {
    try {
      const snapshot = await this.read();
      keep(this.recent, snapshot, LIVE_STEPS + 1);
      if (this.samples % SAMPLES_PER_MINUTE === 0) keep(this.hourly, snapshot, HOUR_STEPS + 1);
      this.samples += 1;
    } catch (error) {
      this.logger.warn(`metrics window sample failed: ${(error as Error).message}`);
    }
  }
}

function keep(ring: RegistrySnapshot[], snapshot: RegistrySnapshot, size: number): void {
  ring.push(snapshot);
  if (ring.length > size) ring.shift();
}
