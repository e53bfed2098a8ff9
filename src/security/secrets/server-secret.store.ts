/**
 * Deployment-wide secrets, created on first use and then the same on every instance.
 * Abstract class so it doubles as the DI token.
 */
export abstract class ServerSecretStore {
  /** The secret named `name`; generated (`bytes` random bytes) and stored if it does not exist. */
  abstract getOrCreate(name: string, bytes: number): Promise<Buffer>;
}
