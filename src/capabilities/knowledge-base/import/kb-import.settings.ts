import { defineSettings } from '../../../config/index.js';

/** The knowledge-base import's settings, from the `KB_*` variables. */
export class KbImportSettings extends defineSettings('KB_', (read) => ({
  /**
   * `KB_SEED_ON_START`: load the seed corpus (README "The knowledge base") when the server
   * starts with no document in the knowledge base.
   */
  seedOnStart: read.boolean('SEED_ON_START', true),
})) {}
