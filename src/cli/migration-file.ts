/** A migration's name: PascalCase letters and digits, as the classes in migrations/ are named. */
const NAME = /^[A-Z][A-Za-z0-9]{0,99}$/;

/** A listed migration's import line in `migrations/index.ts`: class, timestamp, name. */
const LISTED = /^import \{ (\w+) \} from '\.\/(\d+)-(\w+)\.js';$/gm;

const LIST_START = 'export const MIGRATIONS = [\n';
const LIST_END = '\n];';

/** The files `npm run migration:create` writes. */
export interface NewMigration {
  /** `<timestamp>-<Name>.ts`, in migrations/. */
  readonly fileName: string;
  readonly source: string;
  /** The new text of `migrations/index.ts`, listing it last. */
  readonly index: string;
}

/**
 * The migration `name`, timestamped `now` (or just after the newest listed one, so it sorts and
 * runs last), given the text of `migrations/index.ts`. Throws, writing nothing, for a name that
 * is not PascalCase or already taken, or an index it cannot find the list in.
 */
export function nextMigration(name: string, index: string, now: number): NewMigration {
  if (!NAME.test(name)) {
    throw new Error(
      `the name must be PascalCase letters and digits, like AddTaskLabels: ${JSON.stringify(name)}`,
    );
  }
  const listed = [...index.matchAll(LISTED)];
  const last = listed.at(-1);
  const listStart = index.indexOf(LIST_START);
  const listEnd = index.indexOf(LIST_END, listStart);
  if (last === undefined || listStart === -1 || listEnd === -1) {
    throw new Error('migrations/index.ts has no import lines and MIGRATIONS list to extend');
  }
  const taken = listed.find((match) => match[3] === name);
  if (taken !== undefined) throw new Error(`a migration named ${name} exists: ${taken[2]}-${name}`);
  const timestamp = Math.max(now, ...listed.map((match) => Number(match[2]) + 1));
  const className = `${name}${timestamp}`;
  const fileName = `${timestamp}-${name}`;
  const importsEnd = last.index + last[0].length;
  return {
    fileName: `${fileName}.ts`,
    source: migrationSource(className),
    index:
      index.slice(0, importsEnd) +
      `\nimport { ${className} } from './${fileName}.js';` +
      index.slice(importsEnd, listEnd) +
      `\n  ${className},` +
      index.slice(listEnd),
  };
}

function migrationSource(className: string): string {
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What this migration changes, and why. Names stay unqualified: the connection's search_path is
 * DB_SCHEMA. A new table or column needs its entity too (test/integration/entity-schema.spec.ts).
 */
export class ${className} implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`\`);
  }

  /** Undoes \`up\`: \`npm run migration:revert\` runs it. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`\`);
  }
}
`;
}
