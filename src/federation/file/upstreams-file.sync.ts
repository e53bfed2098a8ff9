import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';

import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import { SYSTEM_PRINCIPAL, type Principal } from '../../protocol/context/principal.js';
import { canonicalJson } from '../../protocol/schema/canonical-json.js';
import { FederationSettings } from '../federation.settings.js';
import type { UpstreamSpec } from '../spec/upstream-spec.js';
import { Upstreams } from '../upstreams.service.js';
import { parseUpstreamsFile } from './upstreams-file.parser.js';

/** Editors write in bursts (truncate, write, rename): one apply after they settle. */
const SETTLE_MS = 200;
/** Who changes the upstreams the file manages, in the audit log. */
const FILE_PRINCIPAL: Principal = Object.freeze({ ...SYSTEM_PRINCIPAL, subject: 'upstreams-file' });

/**
 * Applies `MCP_UPSTREAMS_FILE` GitOps-style (docs/federation.md "GitOps"): at boot and whenever
 * the file changes, the upstreams it lists are created or updated and the ones it no longer lists
 * are removed — only among the rows it manages (`managed_by = 'file'`); an upstream added through
 * the admin API with the same name is left alone and reported. A file with any problem changes
 * nothing. Every instance applies it; the changes are idempotent and audited like the admin's.
 */
@Injectable()
export class UpstreamsFileSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UpstreamsFileSync.name);
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: FederationSettings,
    private readonly upstreams: Upstreams,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const path = this.settings.upstreamsFile;
    if (path === undefined) return;
    await this.upstreams.loaded();
    await this.apply(path);
    // The folder, not the file: editors and ConfigMap updates replace the file (a new inode).
    const file = resolve(path);
    this.watcher = watch(dirname(file), (_event, changed) => {
      if (changed !== null && changed !== basename(file)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.apply(path), SETTLE_MS);
    });
    this.watcher.on('error', (error) => this.logger.error(`watching ${path}: ${error.message}`));
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  /** One apply at a time; resolves when this one is done (failures are logged). */
  apply(path: string): Promise<void> {
    this.applying = this.applying.then(() =>
      this.applyOnce(path).catch((error: unknown) =>
        this.logger.error(`MCP_UPSTREAMS_FILE ${path} not applied: ${String(error)}`),
      ),
    );
    return this.applying;
  }

  private async applyOnce(path: string): Promise<void> {
    const parsed = parseUpstreamsFile(await readFile(path, 'utf8'), this.settings.separator);
    if (!parsed.ok) {
      this.logger.error(
        `MCP_UPSTREAMS_FILE ${path} refused, nothing changed:\n  ${parsed.problems.join('\n  ')}`,
      );
      return;
    }
    const listed = new Set(parsed.specs.map((spec) => spec.name));
    for (const spec of parsed.specs) await this.put(spec);
    for (const row of this.upstreams.list()) {
      if (row.managedBy === 'file' && !listed.has(row.name)) {
        await this.upstreams.delete(row.name, FILE_PRINCIPAL, () => undefined);
      }
    }
  }

  private async put(spec: UpstreamSpec): Promise<void> {
    const row = this.upstreams.find(spec.name);
    if (row === undefined) {
      await this.upstreams.create(spec, FILE_PRINCIPAL, 'file');
      return;
    }
    if (row.managedBy !== 'file') {
      this.logger.error(
        `MCP_UPSTREAMS_FILE lists "${spec.name}", which the admin API manages: left as it is`,
      );
      return;
    }
    if (sameSpec(this.upstreams.specOf(row), spec)) return;
    await this.upstreams.update(spec.name, FILE_PRINCIPAL, () => this.upstreams.columnsOf(spec));
  }
}

function sameSpec(stored: UpstreamSpec, wanted: UpstreamSpec): boolean {
  const normal = (spec: UpstreamSpec) =>
    canonicalJson({
      ...spec,
      args: spec.args ?? [],
      headers: spec.headers ?? {},
      auth: spec.auth ?? { type: 'none' },
      enabled: spec.enabled ?? true,
    });
  return normal(stored) === normal(wanted);
}
