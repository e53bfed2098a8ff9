import { Module } from '@nestjs/common';

import { type ExitFunction, PROCESS_EXIT } from './shutdown.constants.js';
import { ShutdownCoordinator } from './shutdown.coordinator.js';

const exitProcess: ExitFunction = (code) => process.exit(code);

/**
 * The one {@link ShutdownCoordinator} of the application: `main.ts` installs its signal
 * handlers, the HTTP transport tracks requests and registers stream closers, readiness asks
 * whether it is draining. Tests override `PROCESS_EXIT`.
 */
@Module({
  providers: [ShutdownCoordinator, { provide: PROCESS_EXIT, useValue: exitProcess }],
  exports: [ShutdownCoordinator],
})
export class ShutdownModule {}
