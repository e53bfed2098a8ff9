import { EnvReader, type Environment } from './env-reader.js';

/**
 * What {@link defineSettings} returns: a class whose instances hold the values its `read`
 * function returned. A module extends it (`class KbSettings extends defineSettings(…) {}`) so
 * the settings have a class name Nest can inject by type.
 */
export interface SettingsClass<T extends object> {
  new (values: T): Readonly<T>;
  /** Every variable of the module starts with it, e.g. `KB_`. */
  readonly prefix: string;
  /** Reads the module's variables, named without the prefix (`read.integer('MAX_HITS', 10)`). */
  readonly read: (read: EnvReader) => T;
}

/** Any module's settings class (a subclass of what `defineSettings` returned), of instances `I`. */
export interface AnySettingsClass<I extends object = object> {
  new (values: never): I;
  readonly prefix: string;
  readonly read: (read: EnvReader) => object;
}

const PREFIX = /^[A-Z][A-Z0-9]*_$/;

/**
 * Declares a module's settings: typed values read from the variables under `prefix` with the
 * primitives of {@link EnvReader} (defaults, ranges, lists, URLs), validated at start-up with
 * the core's and reported in the same message. Only `src/config` reads the environment; a
 * module declares what it needs and gets the values injected:
 *
 * ```ts
 * export class KbSettings extends defineSettings('KB_', (read) => ({
 *   maxHits: read.integer('MAX_HITS', 10, 1, 100), // KB_MAX_HITS
 * })) {}
 * // in the module: imports: [SettingsModule.forFeature(KbSettings)]
 * // in a provider: constructor(private readonly settings: KbSettings) {}
 * ```
 *
 * @throws Error when `prefix` is not upper-case letters and digits ending with `_`
 */
export function defineSettings<T extends object>(
  prefix: string,
  read: (read: EnvReader) => T,
): SettingsClass<T> {
  if (!PREFIX.test(prefix)) {
    throw new Error(
      `settings prefix "${prefix}" must be upper-case letters and digits ending with _`,
    );
  }
  return class ModuleSettingsValues {
    static readonly prefix = prefix;
    static readonly read = read;

    constructor(values: T) {
      Object.assign(this, values);
    }
  } as unknown as SettingsClass<T>;
}

/** Settings classes a module imported with `SettingsModule.forFeature`, in declaration order. */
const declared = new Set<AnySettingsClass>();

/**
 * Records that a module uses `settings`. Module metadata is evaluated when its file is
 * imported, so by the time an entry point loads the configuration every module of the
 * application has declared its settings, and {@link ModuleSettings.load} reads them all.
 */
export function declareSettings(settings: AnySettingsClass): void {
  declared.add(settings);
}

/** The settings of the modules, read from the environment the core configuration came from. */
export class ModuleSettings {
  private readonly values = new Map<AnySettingsClass, object>();

  private constructor(private readonly env: Environment) {}

  /** Reads every settings class declared so far; their problems go into `read`'s list. */
  static load(env: Environment, read: EnvReader): ModuleSettings {
    const settings = new ModuleSettings(env);
    for (const declaredSettings of declared) {
      settings.values.set(declaredSettings, instantiate(declaredSettings, read));
    }
    return settings;
  }

  /**
   * The values of `settings`. A class declared after the configuration was loaded (a module
   * made inside a test) is read now, from the same environment.
   *
   * @throws InvalidConfigError listing its bad variables
   */
  get<I extends object>(settings: AnySettingsClass<I>): I {
    let values = this.values.get(settings);
    if (values === undefined) {
      const read = new EnvReader(this.env);
      values = instantiate(settings, read);
      read.assertValid();
      this.values.set(settings, values);
    }
    return values as I;
  }
}

/** An instance of the module's own class (injectable by type), frozen: settings never change. */
function instantiate(settings: AnySettingsClass, read: EnvReader): object {
  const values = settings.read(read.scoped(settings.prefix));
  // `values` is what the class's own `read` returned, the type its constructor takes.
  const construct = settings as unknown as new (values: object) => object;
  return Object.freeze(new construct(values));
}
