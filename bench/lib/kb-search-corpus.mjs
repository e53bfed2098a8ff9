import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED_DOCS = join(ROOT, 'src/capabilities/knowledge-base/seed/docs');

/** The generated corpus of the `--kb` cells (README "Performance"). */
export const KB_CORPUS = { documents: 500, sectionsPerDocument: 20 };

/** A small seeded PRNG (mulberry32): the same corpus and queries on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed corpus's sections (split at headings), each as its lower-case words. */
function seedSections() {
  const sections = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        for (const text of readFileSync(path, 'utf8').split(/\n(?=#)/)) {
          const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
          if (words.length >= 20) sections.push(words);
        }
      }
    }
  };
  walk(SEED_DOCS);
  return sections;
}

/** Words of three letters or more in the seed corpus, most frequent first. */
export function vocabulary() {
  const counts = new Map();
  for (const section of seedSections()) {
    for (const word of section) {
      if (word.length >= 3) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([word]) => word);
}

/**
 * Documents of `sectionsPerDocument` sections of 6–10 sentences. Each generated section draws its
 * words from one real section of the seed corpus: words cluster by topic as in real text, so a
 * word is in about as many generated sections as real ones ("data" in a quarter of them), which
 * words drawn independently from the whole corpus would double.
 */
export function generateCorpus() {
  const next = random(42);
  const sources = seedSections();
  const pick = (items) => items[Math.floor(next() * items.length)];
  return Array.from({ length: KB_CORPUS.documents }, (_, d) => {
    const id = `bench-${String(d).padStart(4, '0')}`;
    const phraseOf = (words, min, max) =>
      Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(words)).join(
        ' ',
      );
    const title = phraseOf(pick(sources), 2, 4);
    const sections = Array.from({ length: KB_CORPUS.sectionsPerDocument }, (_, s) => {
      const words = pick(sources);
      const heading = s === 0 ? title : phraseOf(words, 2, 4);
      const sentence = () => {
        const text = phraseOf(words, 8, 15);
        return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
      };
      const body = Array.from({ length: 6 + Math.floor(next() * 5) }, sentence).join(' ');
      return {
        docId: id,
        id: `section-${s}`,
        position: s,
        title,
        heading,
        headingPath: s === 0 ? [] : [title],
        body,
        wordCount: body.split(' ').length,
      };
    });
    return { id, title, tags: [`group-${d % 10}`], sections };
  });
}

/** Words the `english` text search configuration drops, left out of generated queries. */
const STOP_WORDS = new Set(
  'the and for are with your you from that not this will can our who what when how all any have has was were its their they them there been into than then also only each more most other some such'.split(
    ' ',
  ),
);

/**
 * `count` distinct two-word queries over the `pool` most frequent words that are not stop words
 * (every pair differs, so none is answered from the cache).
 */
export function benchQueries(count, pool = 400, vocabularyWords = vocabulary()) {
  const words = vocabularyWords.filter((word) => !STOP_WORDS.has(word));
  const queries = [];
  for (let i = 0; i < pool && queries.length < count; i++) {
    for (let j = i + 1; j < pool && queries.length < count; j++) {
      queries.push(`${words[i]} ${words[j]}`);
    }
  }
  return queries;
}

/**
 * Writes the corpus through the TypeORM entities of the build (`dist/`) into the database the
 * environment names; the table's trigger fills the search vectors, and the index is refreshed
 * as after an import. Run after `migrate`, before the server opens the database (PGlite admits
 * one process).
 */
async function writeCorpus() {
  const dist = (path) => import(pathToFileURL(join(ROOT, 'dist/src', path)).href);
  const { loadConfig } = await dist('config/app-config.js');
  const { openDatabase } = await dist('persistence/open-database.js');
  const { KbDocumentEntity } = await dist(
    'capabilities/knowledge-base/documents/kb-document.entity.js',
  );
  const { KbSectionEntity } = await dist(
    'capabilities/knowledge-base/documents/kb-section.entity.js',
  );
  const { refreshSearchIndex } = await dist(
    'capabilities/knowledge-base/search/search-index-refresh.js',
  );
  const database = await openDatabase(loadConfig(process.env).database, {
    entities: [KbDocumentEntity, KbSectionEntity],
  });
  try {
    const documents = generateCorpus();
    await database.dataSource.transaction(async (manager) => {
      for (const document of documents) {
        await manager.insert(KbDocumentEntity, {
          id: document.id,
          source: `${document.id}.md`,
          title: document.title,
          tags: document.tags,
          contentHash: document.id,
          sectionCount: document.sections.length,
          wordCount: document.sections.reduce((sum, section) => sum + section.wordCount, 0),
        });
        await manager.insert(KbSectionEntity, document.sections);
      }
    });
    // As an import does after its commit.
    await refreshSearchIndex(database.dataSource);
  } finally {
    await database.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeCorpus();
}
