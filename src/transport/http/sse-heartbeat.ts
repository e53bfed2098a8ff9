import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/** Something with an open (or about to open) SSE stream that must show signs of life. */
export interface HeartbeatTarget {
  heartbeat(): void;
}

/**
 * Every 20 s (inside the 15–25 s band load balancers and proxies tolerate before they drop an idle
 * connection) each registered stream gets a heartbeat. One shared timer for all streams: a stream
 * costs a Set entry, not a timer of its own.
 */
export const SSE_HEARTBEAT_MS = 20_000;

@Injectable()
export class SseHeartbeat implements OnModuleDestroy {
  private readonly targets = new Set<HeartbeatTarget>();
  private readonly timer = setInterval(() => this.beat(), SSE_HEARTBEAT_MS).unref();

  add(target: HeartbeatTarget): void {
    this.targets.add(target);
  }

  delete(target: HeartbeatTarget): void {
    this.targets.delete(target);
  }

  get size(): number {
    return this.targets.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.targets.clear();
  }

  beat(): void {
    for (const target of this.targets) target.heartbeat();
  }
}
