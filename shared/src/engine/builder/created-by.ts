/**
 * The strings each builder writes into `history[].created_by` (reference §1.3) and, for the legacy
 * builder, the probe `Cmd` whose elements joined by a space are that string (`image.NewChildImage`:
 * `strings.Join(child.ContainerConfig.Cmd, " ")`).
 */
import { formatGoDuration, formatGoQuotedSlice, formatGoSlice, quoteGoRune } from "../image/go-format.ts";
import type { HealthcheckConfig } from "../image/types.ts";

/** `/bin/sh -c`, the Linux default for shell-form commands (`defaultShellForOS`). */
export const DEFAULT_SHELL: readonly string[] = ["/bin/sh", "-c"];

/** `getShell`: the SHELL instruction's value, else the default. */
export function shellOf(configShell: readonly string[] | undefined): string[] {
  return configShell && configShell.length > 0 ? [...configShell] : [...DEFAULT_SHELL];
}

/**
 * Legacy `withCmdComment`: metadata instructions encode the comment as two elements, `"#(nop) "` and
 * the comment, so the joined string has two spaces after `#(nop)`.
 * @example classicNopCmd(["/bin/sh", "-c"], "ENV E1=x").join(" ") // "/bin/sh -c #(nop)  ENV E1=x"
 */
export function classicNopCmd(shell: readonly string[], comment: string): string[] {
  return [...shell, "#(nop) ", comment];
}

/**
 * Legacy `withCmdCommentString` (WORKDIR, COPY, ADD): one element, so one space after `#(nop)`.
 * @example classicNopCmdString(["/bin/sh", "-c"], "WORKDIR /bin").join(" ") // "/bin/sh -c #(nop) WORKDIR /bin"
 */
export function classicNopCmdString(shell: readonly string[], comment: string): string[] {
  return [...shell, `#(nop) ${comment}`];
}

/**
 * Legacy `performCopy` comment: `COPY [--chown=u:g]<hash> in <dest> ` — no space between the chown
 * flag and the hash in Docker 20.10 (E17; Docker 26.1 puts one there), and a trailing space.
 * @example classicCopyComment("COPY", "1000:1000", "file:61f4", "/a") // "COPY --chown=1000:1000file:61f4 in /a "
 */
export function classicCopyComment(
  cmdName: "COPY" | "ADD",
  chown: string,
  sourceHash: string,
  dest: string,
  spaceAfterChown = false,
): string {
  const chownComment = chown === "" ? "" : `--chown=${chown}${spaceAfterChown ? " " : ""}`;
  return `${cmdName} ${chownComment}${sourceHash} in ${dest} `;
}

/**
 * Legacy `prependEnvOnCmd`: `|<n>` and the sorted `K=v` build args (unreferenced built-in proxy args
 * dropped but still counted as "there were build args", which is what yields `|0`).
 * @example classicRunCmd(["/bin/sh", "-c", "true"], ["A1=one"]) // ["|1", "A1=one", "/bin/sh", "-c", "true"]
 */
export function classicRunCmd(cmd: readonly string[], prefixedArgs: readonly string[] | undefined): string[] {
  if (prefixedArgs === undefined) return [...cmd];
  const sorted = [...prefixedArgs].sort(compareGoStrings);
  return [`|${sorted.length}`, ...sorted, ...cmd];
}

function compareGoStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Legacy `HEALTHCHECK %q` of a `*HealthConfig`: `&{["CMD-SHELL" "true"] "0s" "0s" "0s" '\x00'}`. */
export function classicHealthcheckComment(health: HealthcheckConfig, withStartInterval = false): string {
  const values = [health.Interval ?? 0, health.Timeout ?? 0, health.StartPeriod ?? 0];
  if (withStartInterval) values.push(health.StartInterval ?? 0);
  const durations = values.map((value) => `"${formatGoDuration(value)}"`);
  return `HEALTHCHECK &{${formatGoQuotedSlice(health.Test)} ${durations.join(" ")} ${quoteGoRune(health.Retries ?? 0)}}`;
}

/** BuildKit `HEALTHCHECK %+v` of the Docker image spec's HealthcheckConfig. */
export function buildkitHealthcheckComment(health: HealthcheckConfig): string {
  const duration = (value: number | undefined) => formatGoDuration(value ?? 0);
  return (
    `HEALTHCHECK {Test:${formatGoSlice(health.Test)} Interval:${duration(health.Interval)} ` +
    `Timeout:${duration(health.Timeout)} StartPeriod:${duration(health.StartPeriod)} ` +
    `StartInterval:${duration(health.StartInterval)} Retries:${health.Retries ?? 0}}`
  );
}

/** `CMD %q` / `ENTRYPOINT %q` (both builders). */
export function commandComment(word: "CMD" | "ENTRYPOINT", args: readonly string[]): string {
  return `${word} ${formatGoQuotedSlice(args)}`;
}

/** `VOLUME %v` / `SHELL %v` (both builders). */
export function sliceComment(word: "VOLUME" | "SHELL", values: readonly string[]): string {
  return `${word} ${formatGoSlice(values)}`;
}

/** `K=v` pairs after the instruction word (ENV, LABEL): `ENV A=1 B=2`. */
export function keyValueComment(
  word: "ENV" | "LABEL",
  pairs: readonly { key: string; value: string }[],
): string {
  return [word, ...pairs.map((pair) => `${pair.key}=${pair.value}`)].join(" ");
}

/** `ARG a=1 b` — the value when there is one (legacy: Dockerfile text; BuildKit: effective value). */
export function argComment(args: readonly { key: string; value: string | undefined }[]): string {
  return `ARG ${args.map((arg) => (arg.value === undefined ? arg.key : `${arg.key}=${arg.value}`)).join(" ")}`;
}

/**
 * BuildKit `runCommandString`: `|<n> K=v …` in declaration order (a re-declared ARG keeps its first
 * position), the value from the state's env when set there, then the command.
 * @example buildkitRunCommandString(["/bin/sh", "-c", "true"], [{ key: "V", value: "1" }]) // "|1 V=1 /bin/sh -c true"
 */
export function buildkitRunCommandString(
  args: readonly string[],
  buildArgs: readonly { key: string; value: string }[],
): string {
  const order: string[] = [];
  const values = new Map<string, string>();
  for (const arg of buildArgs) {
    if (!values.has(arg.key)) order.push(arg.key);
    values.set(arg.key, `${arg.key}=${arg.value}`);
  }
  const prefix = order.length > 0 ? [`|${order.length}`, ...order.map((key) => values.get(key) ?? "")] : [];
  return [...prefix, ...args].join(" ");
}

/** BuildKit `commitToHistory`: steps with a state (RUN, COPY, ADD) get ` # buildkit`. */
export function buildkitCreatedBy(message: string, withState: boolean): string {
  return withState ? `${message} # buildkit` : message;
}

/** The history comment BuildKit's Dockerfile frontend writes on every item. */
export const BUILDKIT_HISTORY_COMMENT = "buildkit.dockerfile.v0";

/**
 * BuildKit COPY/ADD message: `COPY [--chown=…] [--chmod=…] <src…> <dest>` (sources as written).
 * @example buildkitCopyMessage("COPY", { chown: "1000:1000" }, ["a.txt"], "/a") // "COPY --chown=1000:1000 a.txt /a"
 */
export function buildkitCopyMessage(
  cmdName: "COPY" | "ADD",
  flags: { chown?: string; chmod?: string; parents?: boolean },
  sources: readonly string[],
  dest: string,
): string {
  const parts: string[] = [cmdName];
  if (flags.parents) parts.push("--parents");
  if (flags.chown) parts.push(`--chown=${flags.chown}`);
  if (flags.chmod) parts.push(`--chmod=${flags.chmod}`);
  return [...parts, ...sources, dest].join(" ");
}
