import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { withDotEnv } from './dotenv.js';
import { InvalidConfigError } from './env-reader.js';

describe(withDotEnv.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-dotenv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should add the variables of .env, the process environment winning', async () => {
    await writeFile(join(dir, '.env'), '# local\nPORT=4000\nEXAMPLE_ECHO_MAX_LENGTH="12"\n');
    expect(withDotEnv({ PORT: '5000', HOST: '::1' }, dir)).toEqual({
      PORT: '5000',
      HOST: '::1',
      EXAMPLE_ECHO_MAX_LENGTH: '12',
    });
  });

  it('should use the process environment alone when there is no .env', () => {
    const env = { PORT: '5000' };
    expect(withDotEnv(env, dir)).toBe(env);
  });

  it('should refuse a .env it cannot read', async () => {
    await mkdir(join(dir, '.env'));
    expect(() => withDotEnv({}, dir)).toThrow(InvalidConfigError);
    expect(() => withDotEnv({}, dir)).toThrow(`${join(dir, '.env')} cannot be read`);
  });
});
