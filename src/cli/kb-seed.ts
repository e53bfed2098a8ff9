import { loadSeedRequest } from '../capabilities/knowledge-base/import/seed-corpus.js';
import { runKbImport } from './kb-import-command.js';

/**
 * `npm run kb:seed`: imports the seed corpus (src/capabilities/knowledge-base/seed, copied to
 * dist by the build) and its records, as `kb:import` would; unchanged documents are skipped.
 */
await runKbImport('kb:seed', loadSeedRequest);
