import { abortReasonOf } from '../../protocol/abort-signals.js';
import { IsolatedWorker, type IsolatedWorkerLimits } from './isolated-worker.js';

export interface WorkerPoolOptions {
  readonly moduleUrl: URL;
  readonly exportName: string;
  /** Most threads this pool runs at once; further calls wait for one. */
  readonly size: number;
  readonly limits: IsolatedWorkerLimits;
}

interface Waiter {
  readonly resolve: (worker: IsolatedWorker) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal;
}

/**
 * The worker threads of one isolated tool (docs/security.md "Isolation"). Threads are started on
 * demand up to `size` and reused; a thread that broke (threw at load, ran out of memory, was
 * terminated on timeout or cancellation) is dropped and a fresh one takes its place on the next
 * call, so a misbehaving call costs its own thread and never the server or the other calls.
 */
export class WorkerPool {
  private readonly idle: IsolatedWorker[] = [];
  private readonly waiting: Waiter[] = [];
  private live = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  async run(args: unknown, signal: AbortSignal): Promise<unknown> {
    const worker = await this.acquire(signal);
    try {
      return await worker.call(args, signal);
    } finally {
      this.release(worker);
    }
  }

  /** Threads currently alive (idle or busy). */
  get size(): number {
    return this.live;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('worker pool closed'));
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private acquire(signal: AbortSignal): Promise<IsolatedWorker> {
    if (signal.aborted) return Promise.reject(abortReasonOf(signal));
    if (this.closed) return Promise.reject(new Error('worker pool closed'));
    const idle = this.idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.live < this.options.size) return Promise.resolve(this.spawn());
    return new Promise<IsolatedWorker>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      this.waiting.push(waiter);
      signal.addEventListener(
        'abort',
        () => {
          const index = this.waiting.indexOf(waiter);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(abortReasonOf(signal));
        },
        { once: true },
      );
    });
  }

  private release(worker: IsolatedWorker): void {
    if (!worker.alive) this.live -= 1;
    const next = this.nextWaiter();
    if (next !== undefined) {
      next.resolve(worker.alive ? worker : this.spawn());
    } else if (worker.alive && !this.closed) {
      this.idle.push(worker);
    } else if (worker.alive) {
      void worker.terminate();
      this.live -= 1;
    }
  }

  private nextWaiter(): Waiter | undefined {
    let waiter = this.waiting.shift();
    while (waiter !== undefined && waiter.signal.aborted) waiter = this.waiting.shift();
    return waiter;
  }

  private spawn(): IsolatedWorker {
    this.live += 1;
    const { moduleUrl, exportName, limits } = this.options;
    return new IsolatedWorker(moduleUrl, exportName, limits);
  }
}
