/**
 * `docker build`: reads the context and Dockerfile through `HostIo`, runs the engine's builder.
 */
import { buildImage } from "../../builder/build.ts";
import { prepareContext } from "../../context/index.ts";
import { normalizeImageTag } from "../../daemon/reference.ts";
import type { Image } from "../../image/types.ts";
import { type FlagSpec, flagValue, flagValues, hasFlag } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import { containersUsing, type SimDaemon } from "../daemon.ts";
import { renderProfileBuildOutput } from "../engine-26.ts";

const BUILD_FLAGS: FlagSpec[] = [
  { long: "tag", short: "t", value: true },
  { long: "file", short: "f", value: true },
  { long: "build-arg", value: true },
  { long: "secret", value: true },
  { long: "no-cache" },
  { long: "target", value: true },
  { long: "quiet", short: "q" },
  { long: "iidfile", value: true },
  { long: "progress", value: true },
  { long: "network", value: true },
  { long: "rm" },
  { long: "force-rm" },
  { long: "pull" },
  { long: "platform", value: true },
];

export function build(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("build", argv, BUILD_FLAGS, (args) => {
    const missing = requireArgs("build", args, 1, "build [OPTIONS] PATH | URL | -");
    if (missing) return fail(missing.stderr.replace("at least 1 argument", "exactly 1 argument"));
    const contextDir = args.positionals[0] as string;
    const { io } = env;
    const classic = env.dockerBuildkit === "0" || env.dockerBuildkit === "false";
    const profile = profileOf(env);
    const dockerfileArg = flagValue(args, "file") ?? "Dockerfile";
    const contextPath = io.resolve(contextDir);
    if (!io.isDirectory(contextPath)) {
      return fail(`unable to prepare context: path "${contextDir}" not found`);
    }
    const dockerfileFull = io.resolve(
      flagValue(args, "file") === undefined ? `${contextPath}/Dockerfile` : dockerfileArg,
    );
    const dockerfileText = io.readText(dockerfileFull);
    if (dockerfileText === undefined) {
      return classic
        ? fail(
            `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dockerfileFull}: no such file or directory`,
          )
        : fail(
            `failed to solve with frontend dockerfile.v0: failed to read dockerfile: open /var/lib/docker/tmp/buildkit-mount/${dockerfileArg}: no such file or directory`,
          );
    }
    const contextTree = io.readContext(contextPath);
    const { context, diagnostics: ignoreDiagnostics } = prepareContext(contextTree);
    const ignoreFile = contextTree.children.get(".dockerignore");
    if (ignoreDiagnostics.length > 0) {
      return fail(`Error response from daemon: ${ignoreDiagnostics[0]?.message ?? ""}`);
    }
    const buildArgs: Record<string, string> = {};
    for (const pair of flagValues(args, "build-arg")) {
      const equals = pair.indexOf("=");
      if (equals === -1) {
        const value = io.env(pair);
        if (value !== undefined) buildArgs[pair] = value;
      } else buildArgs[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
    const secrets: Record<string, string> = {};
    // `--secret id=…,src=…` (BuildKit only; the classic builder ignores it, as Docker 20.10 does).
    for (const spec of classic ? [] : flagValues(args, "secret")) {
      const fields = new Map<string, string>();
      for (const field of spec.split(",")) {
        const equals = field.indexOf("=");
        if (equals === -1) {
          return fail(
            `could not parse secrets: [${spec}]: invalid field '${field}' must be a key=value pair`,
          );
        }
        fields.set(field.slice(0, equals).toLowerCase(), field.slice(equals + 1));
      }
      const id = fields.get("id") ?? "";
      const source = fields.get("src") ?? fields.get("source") ?? id;
      const text = io.readText(io.resolve(source));
      if (text === undefined) {
        // The 26.1 client (buildx) reads the file itself and words the error its own way.
        return fail(
          profile.engine === "26.1"
            ? `ERROR: failed to stat ${source}: stat ${source}: no such file or directory`
            : `could not parse secrets: [${spec}]: failed to stat ${source}: stat ${source}: no such file or directory`,
        );
      }
      secrets[id] = text;
    }
    for (const tag of flagValues(args, "tag")) {
      if (normalizeImageTag(tag) === undefined) {
        return fail(
          `invalid argument "${tag}" for "-t, --tag" flag: invalid reference format\nSee 'docker build --help'.`,
          125,
        );
      }
    }
    let tick = env.nowMs;
    const target = flagValue(args, "target");
    const previouslyTagged = flagValues(args, "tag").flatMap((tag) => {
      const image = daemon.store.getImage(tag);
      return image === undefined ? [] : [image];
    });
    const result = buildImage(
      {
        dockerfile: dockerfileText,
        dockerfilePath: dockerfileArg.replace(/^.*\//, ""),
        context,
        builder: classic ? "classic" : "buildkit",
        buildkitFlavour: profile.buildkitFlavour,
        imageStore: profile.store,
        // BuildKit keeps one set of local-source cache records per context directory.
        session: contextPath,
        ...(ignoreFile?.kind === "file" ? { dockerignore: ignoreFile.content.text() } : {}),
        buildArgs,
        secrets,
        noCache: hasFlag(args, "no-cache"),
        tags: flagValues(args, "tag"),
        now: {
          now: () => {
            tick += 1;
            return tick;
          },
        },
        ...(target === undefined ? {} : { target }),
      },
      daemon.store,
    );
    if (result.ok && !classic && profile.store === "containerd") {
      dropUntaggedPredecessors(daemon, previouslyTagged, result.image);
    }
    const output = renderProfileBuildOutput(
      result,
      context,
      profile,
      dockerfileArg.replace(/^.*\//, ""),
      dockerfileText,
    );
    const iidFile = flagValue(args, "iidfile");
    if (result.ok && result.image !== undefined && iidFile !== undefined)
      io.writeFile(iidFile, result.image.id);
    const exitCode = result.ok ? 0 : classic ? (result.failure?.exitCode ?? 1) : 1;
    if (hasFlag(args, "quiet")) {
      return result.ok && result.image !== undefined
        ? ok(`${result.image.id}\n`)
        : { exitCode, stdout: "", stderr: output.stdout + output.stderr };
    }
    return { exitCode, stdout: output.stdout, stderr: output.stderr };
  });
}

/**
 * The containerd image store keeps an image only while a name points at it: when a BuildKit build
 * moves a tag to its new image (a new index every build), the image the tag named disappears with
 * it unless another tag or a container still uses it (no `<none>` row, nothing for image prune;
 * measured on Docker 26.1, transcripts cache-no-cache and build-cache-usage).
 */
function dropUntaggedPredecessors(
  daemon: SimDaemon,
  previous: readonly Image[],
  built: Image | undefined,
): void {
  for (const image of new Set(previous)) {
    if (image === built || !daemon.store.hasImage(image)) continue;
    if (daemon.store.tagsOf(image).length > 0 || containersUsing(daemon, image).length > 0) continue;
    daemon.store.removeImage(image.id, {
      containersUsing: (candidate) => containersUsing(daemon, candidate),
    });
  }
}
