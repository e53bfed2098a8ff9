import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = (root, path) => import(pathToFileURL(join(root, 'dist/src', path)).href);

const WORDS = (
  'shipment carrier dispatch invoice tracking depot route pallet customs warehouse driver ' +
  'manifest delay refund escalation incident rollback certificate replica failover backlog ' +
  'consumer partition lag quota tenant region billing renewal discount onboarding'
).split(' ');

/**
 * A synthetic corpus of `documents` Markdown files of `sectionsPerDocument` sections each (an
 * intro and `##`/`###` headings), ~`wordsPerSection` words per section, the same every run.
 */
export function kbCorpus({ documents, sectionsPerDocument, wordsPerSection }) {
  let seed = 1;
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return WORDS[seed % WORDS.length];
  };
  const paragraph = () => Array.from({ length: wordsPerSection }, word).join(' ');
  return Array.from({ length: documents }, (_, d) => {
    const lines = [`# Runbook ${d}`, '', paragraph()];
    for (let s = 1; s < sectionsPerDocument; s++) {
      lines.push('', `${s % 4 === 0 ? '###' : '##'} ${word()} ${word()} ${s}`, '', paragraph());
    }
    return { source: `bench/runbook-${d}.md`, content: `${lines.join('\n')}\n` };
  });
}

/**
 * The knowledge-base import (README "Performance"): the production `KbImporter` from `dist/`
 * writes the corpus into a fresh migrated database (Postgres in a private schema when
 * `databaseUrl` is given, else PGlite), then imports it again unchanged. Sections per second.
 */
export async function kbImportCell(root, corpus, databaseUrl) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-bench-kb-'));
  const schema = `bench_kb_${randomBytes(4).toString('hex')}`;
  const env = {
    MCP_DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl, DB_SCHEMA: schema }),
  };
  const { loadConfig } = await dist(root, 'config/app-config.js');
  const { openDatabase } = await dist(root, 'persistence/open-database.js');
  const { pgPoolOf } = await dist(root, 'persistence/pg-pool.js');
  const { runMigrations } = await dist(root, 'persistence/run-migrations.js');
  const { KbImporter } = await dist(root, 'capabilities/knowledge-base/import/kb-importer.js');
  const { KB_ENTITIES } = await dist(
    root,
    'capabilities/knowledge-base/knowledge-base.entities.js',
  );
  // In this process, on `env` alone: a child `migrate` would inherit this shell's DATABASE_URL.
  // The importer writes through the knowledge base's entities, so the DataSource maps them.
  const database = await openDatabase(loadConfig(env).database, { entities: KB_ENTITIES });
  await runMigrations(database.dataSource);
  const pool = pgPoolOf(database.dataSource);
  const actor = {
    principal: { subject: 'bench', roles: [], scopes: new Set(), authenticated: false },
    transport: 'cli',
  };
  const timed = async () => {
    const started = performance.now();
    const report = await new KbImporter(database.dataSource).run(
      { documents: corpus, paths: ['bench/'] },
      actor,
    );
    return { report, seconds: (performance.now() - started) / 1000 };
  };
  try {
    const first = await timed();
    const again = await timed();
    const sections = first.report.sections;
    return {
      database: databaseUrl === undefined ? 'pglite' : 'postgres',
      documents: corpus.length,
      sections,
      importSeconds: first.seconds,
      sectionsPerSecond: sections / first.seconds,
      unchangedSeconds: again.seconds,
      unchangedDocumentsPerSecond: again.report.unchanged / again.seconds,
    };
  } finally {
    if (databaseUrl !== undefined) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The Markdown table of {@link kbImportCell}'s rows. */
export function renderKbImportTable(rows) {
  return [
    `| database | documents | sections | import | sections/s | unchanged re-import |`,
    `| -------- | --------- | -------- | ------ | ---------- | ------------------- |`,
    ...rows.map(
      (r) =>
        `| ${r.database} | ${r.documents} | ${r.sections} | ${r.importSeconds.toFixed(1)} s | ` +
        `${r.sectionsPerSecond.toFixed(0)} | ${r.unchangedSeconds.toFixed(1)} s |`,
    ),
  ].join('\n');
}
