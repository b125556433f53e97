/**
 * RUN: executes a command in a container on the current image and commits what it changed.
 * - Legacy: the key is the command with a `|n K=v` prefix of the in-scope build args (C-ARG1,
 *   C-ARG3) plus the compared config; the layer is decided by the diff (L1/L2); anonymous volumes
 *   of earlier VOLUMEs are mounted (L7).
 * - BuildKit: an exec vertex keyed on command, env, cwd and user (proxy args excluded); always a
 *   layer (L5), the empty tar when nothing changed (R5).
 */
import { type Reason, reason } from "../../../core/reasons.ts";
import { goQuote } from "../../dockerfile/expand.ts";
import { textContent } from "../../fs/content.ts";
import { createDir, getNode, removeNode } from "../../fs/tree.ts";
import type { DirNode, Identity } from "../../fs/types.ts";
import { lookupPath } from "../../fs/union.ts";
import { BUILDKIT_PROXY_ARGS } from "../build-args.ts";
import { runBuildKitVertex, slotOf } from "../buildkit-vertex.ts";
import { runClassicStep, seconds } from "../classic-commit.ts";
import { buildkitRunCommandString, classicRunCmd } from "../created-by.ts";
import { lookupFromEnv } from "../expand.ts";
import { heredocScript } from "../heredoc.ts";
import type { InstructionOf } from "../instructions.ts";
import type { BuildPorts, StepMount } from "../ports.ts";
import { copyConfig, failStep, nowMs, type StepContext, type StepOutcome } from "../runtime.ts";
import { splitPath } from "../tree-ops.ts";
import { type BuildKitFlavour, keepsLegacyHistoryForms } from "../types.ts";
import { resolveUser, runtimeGroups, supplementaryGroups } from "../user.ts";
import { commandArgs } from "./cmd.ts";

const BUILDKIT_FLAGS = new Set(["mount", "network", "security"]);

export function runRun(context: StepContext<InstructionOf<"RUN">>): StepOutcome {
  return context.build.builder === "classic" ? runClassic(context) : runBuildKit(context);
}

function runClassic(context: StepContext<InstructionOf<"RUN">>): StepOutcome {
  const { stage, instruction, build } = context;
  const flag = Object.keys(instruction.flags)[0];
  if (flag !== undefined) {
    return failStep(
      `the --${flag} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`,
      "BuildKitOnlyFeature",
    );
  }
  const cmd = commandArgs(instruction.command, stage.config.Shell);
  const env = stage.config.Env ?? [];
  const buildArgs = stage.args.filterAllowed(env);
  const prefixed =
    buildArgs.length > 0
      ? buildArgs.filter((entry) => stage.args.isReferencedOrNotBuiltin(entry.split("=", 1)[0] ?? entry))
      : undefined;
  const saveCmd = classicRunCmd(cmd, prefixed);
  const probe = { ...copyConfig(stage.config), Cmd: saveCmd };
  delete probe.ArgsEscaped;
  if (saveCmd.length > 0) probe.Entrypoint = null;
  const volumes = Object.keys(stage.config.Volumes ?? {});
  return runClassicStep(context, {
    probe,
    describeKey: "command (with its build-arg prefix) and configuration",
    withContainer: true,
    produce: (lower, containerId) => {
      const user = resolveUser(lower, stage.config.User ?? "", "classic");
      if (!user.ok) return failStep(user.message, "BuildStepFailed");
      const now = seconds(nowMs(build));
      // The runtime creates the working directory as root; the command then runs as USER.
      const rootMount = build.ports.mount(lower, { identity: ROOT, now, volumes });
      const made = ensureDirectory(rootMount, stage.config.WorkingDir ?? "", ROOT);
      if (made !== undefined) return failStep(made);
      const mount = build.ports.mount(lower, {
        identity: user.identity,
        now,
        volumes,
        upper: rootMount.upper(),
      });
      const runEnv = [...env, ...buildArgs, `HOSTNAME=${(containerId ?? "").slice(0, 12)}`];
      if (!env.some((entry) => entry.startsWith("HOME=")))
        runEnv.push(`HOME=${homeOf(lower, user.identity.uid)}`);
      const outcome = execute(build.ports, mount, instruction.command.form, cmd, {
        env: runEnv,
        cwd: stage.config.WorkingDir || "/",
        identity: { ...user.identity, groups: runtimeGroups(lower, user.identity) },
        now,
      });
      const output = outcome.output;
      if (outcome.kind === "missing-program") {
        return failStep(
          `${build.flavour === "engine-26.1" ? "failed to create task for container: " : ""}failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${outcome.detail}: unknown`,
          "BuildStepFailed",
        );
      }
      if (outcome.exitCode !== 0) {
        return {
          ok: false,
          message: `The command '${cmd.join(" ")}' returned a non-zero code: ${outcome.exitCode}`,
          exitCode: outcome.exitCode,
          name: "BuildStepFailed",
          output,
        };
      }
      const layerReasons: Reason[] = [];
      if (volumes.length > 0) {
        layerReasons.push(
          reason(
            "volume-mounted",
            `the RUN container mounts anonymous volumes at ${volumes.join(", ")}: a missing mountpoint directory is created in this layer, and whatever the command wrote below it went to the volume and is lost (L7)`,
            "L7",
          ),
        );
      }
      return { changes: mount.upper(), output, layerReasons };
    },
    explainLayer: (empty) =>
      empty
        ? [
            reason(
              "run-empty-diff",
              "the command left the container's upper directory empty, so the legacy builder records empty_layer: true and no diff_id (L2)",
              "L2",
            ),
          ]
        : [reason("run-changed-files", "the command changed files: its diff becomes a layer (R4)", "R4")],
  });
}

function runBuildKit(context: StepContext<InstructionOf<"RUN">>): StepOutcome {
  const { stage, instruction, build } = context;
  const unknown = Object.keys(instruction.flags).find((flag) => !BUILDKIT_FLAGS.has(flag));
  if (unknown !== undefined) return failStep(`Unknown flag: ${unknown}`, "InvalidFlag");
  const mounts = parseMounts(instruction.flags.mount);
  if (!mounts.ok) return failStep(mounts.message, "InvalidFlag");
  const flavour = build.flavour;
  const script =
    flavour === "engine-20.10" ? undefined : heredocScript(instruction.command, instruction.heredocs);
  const command = script === undefined ? instruction.command : { form: "shell" as const, text: script.text };
  const args = commandArgs(command, stage.config.Shell);
  const declared = new Set(stage.buildArgs.map((arg) => arg.key));
  // Predefined proxy args reach the command's env but never the key (ProxyEnv is cleared, C-ARG3).
  const proxyEnv = Object.entries(build.request.buildArgs ?? {})
    .filter(([key]) => BUILDKIT_PROXY_ARGS.has(key) && !declared.has(key))
    .map(([key, value]) => `${key}=${value}`);
  const lookup = lookupFromEnv(stage.env);
  const message = `RUN ${buildkitRunCommandString(
    args,
    stage.buildArgs.map((arg) => ({ key: arg.key, value: lookup(arg.key) ?? arg.value ?? "" })),
  )}`;
  return runBuildKitVertex(context, {
    kind: "exec",
    op: {
      args: JSON.stringify(args),
      env: stage.env.join("\n"),
      cwd: stage.cwd,
      user: stage.user,
      network: instruction.flags.network ?? "default",
      mounts: mounts.value.map((mount) => `${mount.type}:${mount.target}`).join(","),
    },
    message,
    withState: true,
    slot: slotOf(context),
    produce: (lower) => {
      const user = resolveUser(
        lower,
        stage.user,
        keepsLegacyHistoryForms(flavour) ? "buildkit-20.10" : "buildkit",
      );
      if (!user.ok) {
        return failStep(
          flavour === "engine-20.10"
            ? `executor failed running [${args.join(" ")}]: ${user.message}`
            : `process ${goQuote(args.join(" "))} did not complete successfully: ${user.message}`,
          "BuildStepFailed",
        );
      }
      const now = seconds(nowMs(build));
      const volumes = mounts.value.filter((item) => item.type !== "secret").map((item) => item.target);
      // The runtime makes its mount stubs and the working directory as root, before the process starts.
      const rootMount = build.ports.mount(lower, { identity: ROOT, now, volumes });
      // On the containerd image store the /etc copied up for the stubs stays in the step's snapshot
      // (its build cache record's size) and out of its layer (containerd-diff.ts: only copied up).
      const stubs = keepsLegacyHistoryForms(flavour) ? createMountStubs(rootMount) : [];
      const made = ensureDirectory(rootMount, stage.cwd, ROOT);
      if (made !== undefined) return failStep(made);
      const secrets = mountSecrets(mounts.value, build.request.secrets ?? {}, rootMount, lower, flavour);
      if (!secrets.ok) return failStep(secrets.message, "BuildStepFailed");
      const pipe = script?.pipe === undefined ? undefined : mountPipe(rootMount, script.pipe);
      // A cache mount starts with what earlier builds left in it (empty the first time); under
      // --no-cache it starts empty too (recorded in run-mount-cache-shared).
      const cacheMounts = mounts.value.flatMap((item) =>
        item.type === "cache" ? [{ key: item.id ?? item.target, target: item.target }] : [],
      );
      const volumeContents = new Map(
        cacheMounts.map((item) => [
          item.target,
          (build.request.noCache ? undefined : build.store.cacheMounts.get(item.key)) ??
            createDir({ mode: 0o755, uid: 0, gid: 0, mtime: now }),
        ]),
      );
      const mount = build.ports.mount(lower, {
        identity: user.identity,
        now,
        volumes,
        volumeContents,
        upper: rootMount.upper(),
      });
      // No HOSTNAME (BuildKit sets none); HOME, when unset, comes from runc: the user's passwd entry or /.
      const runEnv = [...stage.env, ...proxyEnv];
      if (!runEnv.some((entry) => entry.startsWith("HOME=")))
        runEnv.push(`HOME=${homeOf(lower, user.identity.uid)}`);
      const outcome = execute(build.ports, mount, instruction.command.form, args, {
        env: runEnv,
        cwd: stage.cwd || "/",
        // BuildKit takes supplementary groups from /etc/group only (none for a user it lists
        // nowhere); v0.13 (Docker 26.1) also gives the process its primary group as one.
        identity: { ...user.identity, groups: runGroups(lower, user.identity, flavour) },
        now,
      });
      if (pipe !== undefined) {
        mount.fs.unlink(pipe.file);
        for (const dir of [...pipe.createdDirs].reverse()) mount.fs.rmdir(dir);
      }
      for (const stub of stubs) mount.fs.unlink(stub);
      for (const file of secrets.files) mount.fs.unlink(file);
      const volumeTrees = mount.volumeTrees();
      for (const item of cacheMounts) {
        const kept = volumeTrees.get(`/${item.target.split("/").filter(Boolean).join("/")}`);
        if (kept !== undefined) build.store.cacheMounts.set(item.key, kept);
      }
      // BuildKit v0.13 also removes the mountpoint directories it made (when still empty).
      if (flavour === "engine-26.1") {
        for (const dir of [...secrets.createdDirs].reverse()) mount.fs.rmdir(dir);
      }
      const failed = (detail: string, code: number) => ({
        ok: false as const,
        message:
          flavour === "engine-20.10"
            ? `executor failed running [${args.join(" ")}]: ${detail}`
            : `process ${goQuote(args.join(" "))} did not complete successfully: ${detail}`,
        exitCode: code,
        name: "BuildStepFailed" as const,
        output: outcome.output,
      });
      if (outcome.kind === "missing-program") {
        return {
          ...failed("exit code: 1", 1),
          output: `runc run failed: unable to start container process: ${outcome.detail}\n`,
        };
      }
      if (outcome.exitCode !== 0) return failed(`exit code: ${outcome.exitCode}`, outcome.exitCode);
      const layerReasons: Reason[] = [];
      if (stubs.length > 0 || keepsLegacyHistoryForms(flavour)) {
        layerReasons.push(
          reason(
            "mount-stubs",
            "BuildKit in Docker 20.10 and 26.1 leaves its mount stubs in RUN layers: /dev, /proc and /sys when the image lacks them, and /etc (copied up for /etc/hosts and /etc/resolv.conf)",
            "R5",
          ),
        );
      }
      let changes =
        flavour === "engine-26.1" ? withoutNewMountpoints(mount.upper(), lower, volumes) : mount.upper();
      // /dev is the container's own tmpfs: mounting the pipe there leaves the image's /dev untouched.
      const devChange = changes.children.get("dev");
      if (
        pipe !== undefined &&
        lookupPath(lower, "/dev") !== undefined &&
        devChange?.kind === "dir" &&
        devChange.children.size === 0
      )
        changes = removeNode(changes, ["dev"]);
      return { changes, output: outcome.output, layerReasons };
    },
  });
}

/**
 * BuildKit v0.13 (Docker 26.1) removes the mountpoint directories it had to create for cache and
 * tmpfs mounts once the command has run (deepest first, while they are empty and the image lacked
 * them), as it does for secrets.
 */
function withoutNewMountpoints(upper: DirNode, lower: DirNode, targets: readonly string[]): DirNode {
  let changes = upper;
  for (const target of targets) {
    const parts = target.split("/").filter((part) => part !== "");
    for (let depth = parts.length; depth >= 1; depth -= 1) {
      const path = parts.slice(0, depth);
      if (lookupPath(lower, `/${path.join("/")}`) !== undefined) break;
      const node = getNode(changes, path);
      if (node?.kind !== "dir" || node.children.size > 0) break;
      changes = removeNode(changes, path);
    }
  }
  return changes;
}

interface ExecOptions {
  readonly env: readonly string[];
  readonly cwd: string;
  readonly identity: Identity;
  readonly now: number;
}

type ExecOutcome =
  | { readonly kind: "ran"; readonly exitCode: number; readonly output: string }
  | {
      readonly kind: "missing-program";
      readonly detail: string;
      readonly exitCode: 1;
      readonly output: string;
    };

/**
 * Runs the command line in the mount: the shell (shell form) or the program (exec form). The
 * program must exist in the image, as runc checks before starting it.
 */
function execute(
  ports: BuildPorts,
  mount: StepMount,
  form: "shell" | "exec",
  args: readonly string[],
  options: ExecOptions,
): ExecOutcome {
  const program = args[0] ?? "";
  if (program.includes("/")) {
    const path = program.startsWith("/") ? program : `${options.cwd.replace(/\/$/, "")}/${program}`;
    const stat = mount.fs.stat(path);
    if (!stat.ok || stat.value.kind !== "file") {
      return {
        kind: "missing-program",
        detail: `exec: "${program}": stat ${program}: no such file or directory`,
        exitCode: 1,
        output: "",
      };
    }
  } else if (program !== "") {
    const pathEnv = options.env.findLast((entry) => entry.startsWith("PATH="))?.slice(5) ?? "";
    const found = pathEnv.split(":").some((dir) => {
      const stat = mount.fs.stat(`${dir}/${program}`);
      return stat.ok && stat.value.kind === "file";
    });
    if (!found) {
      return {
        kind: "missing-program",
        detail: `exec: "${program}": executable file not found in $PATH`,
        exitCode: 1,
        output: "",
      };
    }
  }
  const shellOptions = {
    fs: mount.fs,
    env: options.env,
    cwd: options.cwd,
    identity: options.identity,
    now: options.now,
  };
  const result =
    form === "shell" && args.length >= 2
      ? ports.runShell(args.slice(0, -1), args.at(-1) ?? "", shellOptions)
      : ports.runArgv(args, shellOptions);
  return { kind: "ran", exitCode: result.exitCode, output: result.stdout + result.stderr };
}

/** mkdir -p of a directory the container needs (WORKDIR), new parts owned by `owner`. */
function ensureDirectory(mount: StepMount, path: string, owner: Identity): string | undefined {
  const components = splitPath(path);
  for (let index = 1; index <= components.length; index += 1) {
    const current = `/${components.slice(0, index).join("/")}`;
    const stat = mount.fs.stat(current);
    if (stat.ok) {
      if (stat.value.kind !== "dir") return `Cannot mkdir: ${current} is not a directory`;
      continue;
    }
    const made = mount.fs.mkdir(current, { mode: 0o755 });
    if (!made.ok) return `mkdir ${current}: ${made.error.code}`;
    mount.fs.chown(current, owner.uid, owner.gid);
  }
  return undefined;
}

/**
 * BuildKit 0.8's runc executor creates mountpoints in the snapshot: /dev, /proc, /sys (left behind
 * when the image lacks them) and /etc/hosts, /etc/resolv.conf (removed again; /etc stays copied
 * up). Returns the stub files to remove after the command.
 */
const ROOT = { uid: 0, gid: 0 } as const;

function createMountStubs(mount: StepMount): string[] {
  for (const dir of ["/dev", "/proc", "/sys"]) {
    if (!mount.fs.lstat(dir).ok) {
      mount.fs.mkdir(dir, { mode: 0o755 });
      mount.fs.chown(dir, 0, 0);
    }
  }
  if (!mount.fs.lstat("/etc").ok) {
    mount.fs.mkdir("/etc", { mode: 0o755 });
    mount.fs.chown("/etc", 0, 0);
  }
  const stubs: string[] = [];
  for (const file of ["/etc/hosts", "/etc/resolv.conf"]) {
    if (mount.fs.lstat(file).ok) continue;
    const written = mount.fs.writeFile(file, EMPTY_CONTENT, { mode: 0o644 });
    if (written.ok) stubs.push(file);
  }
  return stubs;
}

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_CONTENT = {
  size: 0,
  key: "empty",
  bytes: () => EMPTY_BYTES,
  text: () => "",
};

type MountSpec =
  | { readonly type: "cache" | "tmpfs"; readonly target: string; readonly id?: string }
  | {
      readonly type: "secret";
      readonly target: string;
      readonly id: string;
      readonly required: boolean;
      readonly mode: number;
      readonly uid: number;
      readonly gid: number;
    };

/**
 * `RUN --mount=type=cache|tmpfs,target=/x` (contents never reach the layer) and
 * `type=secret,id=…[,target=…][,required][,mode=…][,uid=…][,gid=…]` (dockerfile frontend
 * `instructions/commands_runmount.go`: target defaults to /run/secrets/<id>, id to the target's
 * base name, mode to 0400, owner to 0:0).
 */
function parseMounts(
  flag: string | undefined,
): { ok: true; value: MountSpec[] } | { ok: false; message: string } {
  if (flag === undefined || flag === "") return { ok: true, value: [] };
  const out: MountSpec[] = [];
  for (const spec of flag.split(/\s+(?=type=)/)) {
    const fields = new Map(
      spec.split(",").map((part) => {
        const index = part.indexOf("=");
        return index === -1 ? [part, "true"] : [part.slice(0, index), part.slice(index + 1)];
      }),
    );
    const type = fields.get("type") ?? "bind";
    const written = fields.get("target") ?? fields.get("dst") ?? fields.get("destination");
    if (type === "secret") {
      const id = fields.get("id") ?? written?.split("/").filter(Boolean).at(-1);
      if (id === undefined || id === "") return { ok: false, message: "one of source, target required" };
      const number = (name: string, fallback: number, base: number) => {
        const text = fields.get(name);
        return text === undefined ? fallback : Number.parseInt(text, base);
      };
      const mode = number("mode", 0o400, 8);
      const uid = number("uid", 0, 10);
      const gid = number("gid", 0, 10);
      if ([mode, uid, gid].some(Number.isNaN))
        return { ok: false, message: `invalid mount option in ${spec}` };
      const required = fields.get("required") === "true";
      out.push({ type, target: written ?? `/run/secrets/${id}`, id, required, mode, uid, gid });
      continue;
    }
    if (written === undefined) return { ok: false, message: "mount destination not specified" };
    if (type !== "cache" && type !== "tmpfs") {
      return {
        ok: false,
        message: `RUN --mount=type=${type} is not simulated (only type=cache, type=tmpfs and type=secret are)`,
      };
    }
    const id = fields.get("id");
    out.push({ type, target: written, ...(type === "cache" && id !== undefined && id !== "" ? { id } : {}) });
  }
  return { ok: true, value: out };
}

/**
 * Puts each secret the build was given at its mount target, as root-owned parent directories (they
 * stay in the layer, as BuildKit's mountpoints do) and the file itself; returns the files to remove
 * once the command has run. A missing secret is skipped, or fails the step when `required`.
 */
function mountSecrets(
  mounts: readonly MountSpec[],
  secrets: Readonly<Record<string, string>>,
  mount: StepMount,
  lower: DirNode,
  flavour: BuildKitFlavour,
): { ok: true; files: string[]; createdDirs: string[] } | { ok: false; message: string } {
  const files: string[] = [];
  const createdDirs: string[] = [];
  for (const spec of mounts) {
    if (spec.type !== "secret") continue;
    const content = secrets[spec.id];
    if (content === undefined) {
      if (spec.required) {
        const message =
          flavour === "engine-26.1"
            ? `secret ${spec.id}: not found`
            : `secret ${spec.id} not found: not found`;
        return { ok: false, message };
      }
      continue;
    }
    if (lookupPath(lower, spec.target) !== undefined) {
      return {
        ok: false,
        message: `a secret mounted over the image's own ${spec.target} is not simulated; mount it at a new path`,
      };
    }
    const parent = spec.target.slice(0, spec.target.lastIndexOf("/")) || "/";
    const parts = parent.split("/").filter((part) => part !== "");
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const path = `/${parts.slice(0, depth).join("/")}`;
      if (!mount.fs.lstat(path).ok) createdDirs.push(path);
    }
    const made = ensureDirectory(mount, parent, ROOT);
    if (made !== undefined) return { ok: false, message: made };
    mount.fs.writeFile(spec.target, textContent(content));
    mount.fs.chmod(spec.target, spec.mode);
    mount.fs.chown(spec.target, spec.uid, spec.gid);
    files.push(spec.target);
  }
  return { ok: true, files, createdDirs };
}

/**
 * A `#!` here-document: BuildKit mounts it read-only as an executable file under /dev/pipes/ for
 * the run (convert.go, dispatchRun), so nothing of it reaches the layer.
 */
function mountPipe(
  mount: StepMount,
  pipe: { readonly path: string; readonly content: string },
): { file: string; createdDirs: string[] } {
  const parent = pipe.path.slice(0, pipe.path.lastIndexOf("/"));
  const parts = parent.split("/").filter((part) => part !== "");
  const createdDirs: string[] = [];
  for (let depth = 1; depth <= parts.length; depth += 1) {
    const path = `/${parts.slice(0, depth).join("/")}`;
    if (!mount.fs.lstat(path).ok) createdDirs.push(path);
  }
  ensureDirectory(mount, parent, ROOT);
  mount.fs.writeFile(pipe.path, textContent(pipe.content));
  mount.fs.chmod(pipe.path, 0o755);
  return { file: pipe.path, createdDirs };
}

/** The home directory of a uid from the image's /etc/passwd (Docker sets HOME when it is missing). */
function homeOf(rootfs: DirNode, uid: number): string {
  const passwd = rootfs.children.get("etc");
  if (passwd?.kind !== "dir") return "/";
  const file = passwd.children.get("passwd");
  if (file?.kind !== "file") return "/";
  for (const line of file.content.text().split("\n")) {
    const fields = line.split(":");
    if (Number(fields[2]) === uid && fields[5] !== undefined) return fields[5];
  }
  return "/";
}

function runGroups(lower: DirNode, identity: Identity, flavour: BuildKitFlavour): number[] {
  // v0.13 (Docker 26.1) adds the primary group as Docker's runtime does; 20.10's lists /etc/group only.
  return flavour === "engine-26.1"
    ? runtimeGroups(lower, identity)
    : supplementaryGroups(lower, identity.uid);
}
