import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

import { type Environment, InvalidConfigError } from './env-reader.js';

/**
 * `env` over the variables of the `.env` file in `dir` (the working directory), when there is
 * one: a variable set in the process wins over the file. Parsed by Node's own parser
 * (`util.parseEnv`: `KEY=value` lines, `export`, quotes, `#` comments, no interpolation). The
 * process environment itself is left as it is: the configuration is the file's only reader.
 *
 * @throws InvalidConfigError when the file exists but cannot be read
 */
export function withDotEnv(env: Environment, dir: string): Environment {
  const path = join(dir, '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw new InvalidConfigError([`${path} cannot be read: ${(error as Error).message}`]);
  }
  return { ...parseEnv(text), ...env };
}
