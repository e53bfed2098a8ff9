import { DataDirLockedError } from '../persistence/data-dir-lock.js';
import { isMissingTableError } from '../persistence/pg-errors.js';

/**
 * What an operator can fix without a stack trace, in one line: the embedded database held by
 * another process, or a database never migrated (the app never migrates on boot).
 */
function explain(error: unknown): string | undefined {
  if (error instanceof DataDirLockedError) return error.message;
  if (isMissingTableError(error)) {
    return (
      `the database is not migrated (${(error as Error).message}): run \`npm run migrate\` ` +
      'first; `npm start` does it before starting'
    );
  }
  return undefined;
}

/**
 * The `catch` of an entry point's start: a known cause is written to stderr in one line and the
 * process exits with status 1; anything else is a bug and is rethrown, stack and all.
 */
export function exitOnStartupFailure(error: unknown): never {
  const explanation = explain(error);
  if (explanation === undefined) throw error;
  process.stderr.write(`${explanation}\n`);
  process.exit(1);
}
