/**
 * Build arguments under each builder (reference §2.4).
 *
 * The legacy builder keeps `moby@20.10` builder/dockerfile/buildargs.go's `BuildArgs`: declared
 * ARGs of the stage ("allowed"), ARGs before FROM ("meta"), every ARG name seen ("referenced", for
 * the unused-argument warning) and the `--build-arg` values. The predefined proxy arguments are
 * always allowed but stay out of RUN's cache key unless declared (C-ARG3).
 */

/** `builtinAllowedBuildArgs` of the legacy builder (20.10 does not know ALL_PROXY). */
export const LEGACY_PROXY_ARGS: ReadonlySet<string> = new Set([
  "HTTP_PROXY",
  "http_proxy",
  "HTTPS_PROXY",
  "https_proxy",
  "FTP_PROXY",
  "ftp_proxy",
  "NO_PROXY",
  "no_proxy",
]);

/** BuildKit's predefined proxy args (the current reference also lists ALL_PROXY). */
export const BUILDKIT_PROXY_ARGS: ReadonlySet<string> = new Set([
  ...LEGACY_PROXY_ARGS,
  "ALL_PROXY",
  "all_proxy",
]);

/** The legacy builder's build-argument state. */
export class LegacyBuildArgs {
  readonly #options: ReadonlyMap<string, string>;
  #allowed = new Map<string, string | undefined>();
  readonly #meta = new Map<string, string | undefined>();
  readonly #referenced = new Set<string>();

  constructor(options: Readonly<Record<string, string>>) {
    this.#options = new Map(Object.entries(options));
  }

  /** A copy for a new stage (`newDispatchState`: clone, then reset the allowed set). */
  cloneForStage(): LegacyBuildArgs {
    const copy = new LegacyBuildArgs(Object.fromEntries(this.#options));
    for (const [key, value] of this.#meta) copy.#meta.set(key, value);
    for (const key of this.#referenced) copy.#referenced.add(key);
    return copy;
  }

  addArg(key: string, value: string | undefined): void {
    this.#allowed.set(key, value);
    this.#referenced.add(key);
  }

  addMetaArg(key: string, value: string | undefined): void {
    this.#meta.set(key, value);
  }

  mergeReferenced(other: LegacyBuildArgs): void {
    for (const key of other.#referenced) this.#referenced.add(key);
  }

  /** `getBuildArg`: the --build-arg value, else the declared default, else the meta ARG's value. */
  #resolve(key: string, source: ReadonlyMap<string, string | undefined>): string | undefined {
    const option = this.#options.get(key);
    if (option !== undefined) return option;
    return source.get(key) ?? this.#meta.get(key);
  }

  #all(source: ReadonlyMap<string, string | undefined>): Map<string, string> {
    const out = new Map<string, string>();
    const keys = [...new Set([...source.keys(), ...LEGACY_PROXY_ARGS])].sort();
    for (const key of keys) {
      const value = this.#resolve(key, source);
      if (value !== undefined) out.set(key, value);
    }
    return out;
  }

  /** Declared args (and proxy args) with a value, for expansion and RUN. */
  allAllowed(): Map<string, string> {
    return this.#all(this.#allowed);
  }

  /** ARGs before FROM with a value, for expanding FROM. */
  allMeta(): Map<string, string> {
    return this.#all(this.#meta);
  }

  /** `FilterAllowed`: `K=v` for allowed args the config's Env does not set. */
  filterAllowed(env: readonly string[]): string[] {
    const set = new Set(env.map((entry) => entry.split("=", 1)[0] ?? entry));
    return [...this.allAllowed()].filter(([key]) => !set.has(key)).map(([key, value]) => `${key}=${value}`);
  }

  /** `IsReferencedOrNotBuiltin`: whether a build arg appears in RUN's `|n` prefix. */
  isReferencedOrNotBuiltin(key: string): boolean {
    return this.#allowed.has(key) || !LEGACY_PROXY_ARGS.has(key);
  }

  /** `WarnOnUnusedBuildArgs`: --build-arg names no ARG declared (proxy args excepted), sorted. */
  unusedOptions(): string[] {
    return [...this.#options.keys()]
      .filter((key) => !this.#referenced.has(key) && !LEGACY_PROXY_ARGS.has(key))
      .sort();
  }
}
