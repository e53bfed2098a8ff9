import { createRequire } from 'node:module';

import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';

/**
 * class-transformer's `@Type()`/`@Transform()` registry. It lives in a module the package does
 * not export; the package has no `exports` map, so the CommonJS path is the stable way to reach
 * it (as @nestjs/mapped-types does).
 */
export const classTransformerMetadata = (
  createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
    defaultMetadataStorage: MetadataStorage;
  }
).defaultMetadataStorage;
