import { Worker } from 'node:worker_threads';

import { abortReasonOf } from '../../protocol/abort-signals.js';
import { ISOLATED_WORKER_BOOTSTRAP } from './isolated-worker.bootstrap.js';

/** Limits of one worker thread (Node `resourceLimits`). */
export interface IsolatedWorkerLimits {
  readonly maxOldGenerationSizeMb: number;
  readonly maxYoungGenerationSizeMb: number;
  readonly stackSizeMb: number;
}

/** The tool ran, but failed or broke its worker; the message is for the server log only. */
export class IsolatedToolFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IsolatedToolFailure';
  }
}

type Reply = { readonly ok: true; readonly result: unknown } | { readonly ok: false };

/**
 * One worker thread running one tool module, one call at a time. A call that is aborted
 * (timeout, cancellation) terminates the thread: JavaScript cannot be interrupted otherwise, and
 * a terminated worker takes its heap with it. The worker gets an empty environment (no secrets
 * of the server's environment variables) and no `execArgv` (no inspector, no loaders of the parent).
 */
export class IsolatedWorker {
  private readonly worker: Worker;
  private exited = false;

  constructor(moduleUrl: URL, exportName: string, limits: IsolatedWorkerLimits) {
    this.worker = new Worker(ISOLATED_WORKER_BOOTSTRAP, {
      eval: true,
      workerData: { moduleUrl: moduleUrl.href, exportName },
      resourceLimits: limits,
      env: {},
      execArgv: [],
    });
    this.worker.once('exit', () => {
      this.exited = true;
    });
    // An idle worker must not keep the process alive (tests, stdio shutdown).
    this.worker.unref();
  }

  /** `false` once the thread ended or is being terminated: broken, out of memory, aborted. */
  get alive(): boolean {
    return !this.exited;
  }

  call(args: unknown, signal: AbortSignal): Promise<unknown> {
    if (signal.aborted) return Promise.reject(abortReasonOf(signal));
    return new Promise<unknown>((resolve, reject) => {
      const settle = (): void => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
        this.worker.unref();
      };
      const onMessage = (reply: Reply): void => {
        settle();
        if (reply.ok) resolve(reply.result);
        else reject(new IsolatedToolFailure('the isolated tool threw (see the worker log)'));
      };
      const onError = (error: Error): void => {
        settle();
        reject(
          new IsolatedToolFailure(`the isolated tool's worker failed: ${error.message}`, {
            cause: error,
          }),
        );
        void this.terminate();
      };
      const onExit = (code: number): void => {
        settle();
        reject(new IsolatedToolFailure(`the isolated tool's worker exited with code ${code}`));
      };
      const onAbort = (): void => {
        settle();
        reject(abortReasonOf(signal));
        void this.terminate();
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
      this.worker.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      // Referenced while a call runs: the process waits for the answer.
      this.worker.ref();
      this.worker.postMessage({ args });
    });
  }

  terminate(): Promise<number> {
    this.exited = true;
    return this.worker.terminate();
  }
}
