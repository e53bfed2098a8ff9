import { type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The PEM private key in `file`, created with `generate` on first use. The file is mode 0600 in
 * a 0700 directory, and a key file readable by others is refused (as ssh does). Creation is
 * atomic (write a temp file, then `link`), so two processes starting together end up with the
 * same key.
 */
export async function loadOrCreatePrivateKeyPem(
  file: string,
  generate: () => KeyObject,
): Promise<string> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  return (await readKeyFile(file)) ?? (await createKeyFile(file, generate));
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    const { mode } = await stat(file);
    if ((mode & 0o077) !== 0) {
      throw new Error(`${file} is accessible by other users; run: chmod 600 ${file}`);
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function createKeyFile(file: string, generate: () => KeyObject): Promise<string> {
  const pem = generate().export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(file, 'utf8');
  } finally {
    await unlink(temporary);
  }
}
