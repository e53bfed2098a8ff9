/** Variables by name, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads typed values out of an environment map, collecting every problem instead of
 * stopping at the first one, so an operator sees all bad variables in a single message.
 */
export class EnvReader {
  constructor(
    private readonly env: Environment,
    /** Put before every name read: `KB_` + `MAX_HITS` reads `KB_MAX_HITS`. */
    private readonly prefix = '',
    private readonly problems: string[] = [],
  ) {}

  /**
   * A reader of the variables under `prefix` (a module's settings) whose problems are listed
   * with this reader's, so one message names every bad variable of the core and the modules.
   */
  scoped(prefix: string): EnvReader {
    return new EnvReader(this.env, this.prefix + prefix, this.problems);
  }

  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined {
    const raw = this.env[this.prefix + name]?.trim();
    return raw === undefined || raw === '' ? fallback : raw;
  }

  integer(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.invalid(name, `must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** A number from 0 to 1 inclusive, such as a sampling ratio. */
  fraction(name: string, fallback: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= 0 && value <= 1)) {
      this.invalid(name, `must be a number from 0 to 1, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean;
  boolean(name: string): boolean | undefined;
  boolean(name: string, fallback?: boolean): boolean | undefined {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.invalid(name, `must be true or false, got "${raw}"`);
    return fallback;
  }

  list(name: string): string[] {
    const raw = this.string(name);
    if (raw === undefined) return [];
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    return this.optionalOneOf(name, allowed) ?? fallback;
  }

  /** `undefined` when unset (or invalid, which is reported). */
  optionalOneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.invalid(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
    return undefined;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.invalid(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
      return raw;
    } catch {
      this.invalid(name, 'is not a valid URL');
      return undefined;
    }
  }

  identifier(name: string, fallback: string): string {
    const raw = this.string(name, fallback);
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
      this.invalid(name, `must be a lowercase SQL identifier, got "${raw}"`);
      return fallback;
    }
    return raw;
  }

  fail(problem: string): void {
    this.problems.push(problem);
  }

  private invalid(name: string, problem: string): void {
    this.problems.push(`${this.prefix}${name} ${problem}`);
  }

  /** Throws one error listing every problem found so far. */
  assertValid(): void {
    if (this.problems.length > 0) {
      throw new InvalidConfigError(this.problems);
    }
  }
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigError';
  }
}
