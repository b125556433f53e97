/**
 * What `docker build` prints, rendered from a build result: the legacy builder's stdout
 * (`Step n/m : …`, ` ---> Using cache`, ` ---> Running in <id>`, ` ---> <image>`) and stderr (the
 * error), or BuildKit's `--progress=plain` stream on stderr (`#n [stage i/n] RUN …`, `#n CACHED`,
 * `#n DONE 0.1s`, `#n ERROR: …`). Image IDs are computed here, not during the build.
 */
import { shortId } from "../../core/hash.ts";
import type { DirNode } from "../fs/types.ts";
import { humanSize } from "../units/human-size.ts";
import type { BuildResult } from "./types.ts";

export interface BuildOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** The size of the context tar the CLI sends: a 512-byte header per entry, padded data, 1024-byte end. */
export function contextTarSize(context: DirNode): number {
  let size = 1024;
  const visit = (dir: DirNode) => {
    for (const child of dir.children.values()) {
      if (child.kind === "whiteout") continue;
      size += 512;
      if (child.kind === "file") size += Math.ceil(child.content.size / 512) * 512;
      if (child.kind === "dir") visit(child);
    }
  };
  visit(context);
  return size;
}

function lines(text: string): string[] {
  const trimmed = text.replace(/\n$/, "");
  return trimmed === "" ? [] : trimmed.split("\n");
}

/** The legacy builder's output. */
export function renderClassicOutput(result: BuildResult, context: DirNode): BuildOutput {
  const out: string[] = [`Sending build context to Docker daemon  ${humanSize(contextTarSize(context))}`, ""];
  const failedStep = result.failure?.step;
  let fromImage: string | undefined;
  result.steps.forEach((step, position) => {
    if (step.index !== "") out.push(`${step.index} : ${step.instruction}`);
    if (step.keyword === "FROM") {
      fromImage = step.image === undefined ? "" : shortId(step.image.id);
      const trigger = result.triggers.find((item) => item.stageIndex === step.stageIndex);
      if (trigger !== undefined)
        out.push(`# Executing ${trigger.count} build trigger${trigger.count > 1 ? "s" : ""}`);
      const next = result.steps[position + 1];
      if (
        position !== failedStep &&
        (next === undefined || !next.trigger || next.stageIndex !== step.stageIndex)
      ) {
        out.push(` ---> ${fromImage}`);
      }
      return;
    }
    if (step.stageIndex === -1) return;
    if (step.cache === "hit") out.push(" ---> Using cache");
    if (step.containerId !== undefined) out.push(` ---> Running in ${step.containerId.slice(0, 12)}`);
    out.push(...lines(step.output));
    if (position === failedStep) return;
    if (step.containerId !== undefined)
      out.push(`Removing intermediate container ${step.containerId.slice(0, 12)}`);
    const next = result.steps[position + 1];
    const lastTrigger =
      step.trigger && (next === undefined || !next.trigger || next.stageIndex !== step.stageIndex);
    if (!step.trigger) out.push(` ---> ${step.image === undefined ? "" : shortId(step.image.id)}`);
    else if (lastTrigger) out.push(` ---> ${step.image === undefined ? "" : shortId(step.image.id)}`);
  });
  const stderr: string[] = [...result.warnings];
  if (result.ok && result.image !== undefined) {
    out.push(`Successfully built ${shortId(result.image.id)}`);
    for (const tag of result.tags) out.push(`Successfully tagged ${tag}`);
  } else if (result.failure !== undefined) {
    // Errors before the first step come back as an API error; later ones as the stream's error.
    stderr.push(
      result.failure.kind === "definition"
        ? `Error response from daemon: ${result.failure.message}`
        : result.failure.message,
    );
  }
  return { stdout: `${out.join("\n")}\n`, stderr: stderr.length === 0 ? "" : `${stderr.join("\n")}\n` };
}

/** BuildKit's `--progress=plain` output (everything on stderr). */
export function renderBuildKitOutput(
  result: BuildResult,
  dockerfilePath = "Dockerfile",
  dockerfileText?: string,
): BuildOutput {
  const flavour = result.buildkitFlavour;
  const out: string[] = [];
  let vertex = 0;
  const open = (name: string) => {
    vertex += 1;
    out.push(`#${vertex} ${name}`);
    return vertex;
  };
  const done = (id: number) => out.push(`#${id} DONE 0.0s`, "");
  // Docker 26.1 builds through buildx, which names the builder first.
  if (flavour === "engine-26.1") out.push('#0 building with "default" instance using docker driver', "");
  done(open(`[internal] load build definition from ${dockerfilePath}`));
  done(open("[internal] load .dockerignore"));
  const bases = result.steps.filter((step) => step.keyword === "FROM" && step.vertexName !== undefined);
  for (const base of bases)
    done(open(`[internal] load metadata for ${(base.vertexName ?? "").replace(/^FROM /, "")}`));
  const failed = result.failure?.step;
  result.steps.forEach((step, position) => {
    if (step.index === "") return;
    const onbuild = step.trigger && result.buildkitFlavour === "current" ? "ONBUILD " : "";
    const name = `${onbuild}${step.vertexName ?? step.instruction}`;
    const id = open(`${step.index} ${name}`);
    if (position === failed) {
      for (const line of lines(step.output)) out.push(`#${id} 0.100 ${line}`);
      out.push(`#${id} ERROR: ${result.failure?.message ?? ""}`, "");
      return;
    }
    if (step.cache === "hit") {
      out.push(`#${id} CACHED`, "");
      return;
    }
    for (const line of lines(step.output)) out.push(`#${id} 0.100 ${line}`);
    done(id);
  });
  if (!result.ok) {
    const step = failed === undefined ? undefined : result.steps[failed];
    if (step !== undefined && step.index !== "") {
      out.push("------", ` > ${step.index} ${step.instruction}:`, "------");
    }
    const message = result.failure?.message ?? "";
    // BuildKit since v0.9 frames the failing instruction in its Dockerfile (two lines either side).
    const framedLine = step?.line ?? result.failure?.line;
    const framedLast = step === undefined ? result.failure?.lastLine : step.lastLine;
    if (flavour !== "engine-20.10" && framedLine !== undefined && dockerfileText !== undefined) {
      out.push(...frameDockerfileLine(dockerfilePath, dockerfileText, framedLine, framedLast ?? framedLine));
    }
    if (flavour !== "engine-20.10") out.push(`ERROR: failed to solve: ${message}`);
    else if (result.failure?.kind === "definition") {
      out.push(`failed to solve with frontend dockerfile.v0: failed to create LLB definition: ${message}`);
    } else out.push(message);
    return { stdout: "", stderr: `${out.join("\n")}\n` };
  }
  const exporting = open("exporting to image");
  out.push(`#${exporting} exporting layers done`);
  if (result.image !== undefined) out.push(`#${exporting} writing image ${result.image.id} done`);
  for (const tag of result.tags) out.push(`#${exporting} naming to docker.io/library/${tag} done`);
  done(exporting);
  return { stdout: "", stderr: `${out.join("\n")}\n` };
}

/**
 * BuildKit's frame around a failing instruction: `<file>:<line>`, a rule, lines `line-2 …
 * lastLine+2` (`>>> ` marks the instruction's lines, its here-documents included; the text after
 * the final newline counts as an empty line), a rule.
 */
export function frameDockerfileLine(
  dockerfilePath: string,
  text: string,
  line: number,
  lastLine = line,
): string[] {
  const lines = text.split("\n");
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, lastLine + 2);
  const framed: string[] = [`${dockerfilePath}:${line}`, "-".repeat(20)];
  for (let number = first; number <= last; number += 1) {
    const marker = number >= line && number <= lastLine ? ">>> " : "    ";
    framed.push(`${String(number).padStart(4)} | ${marker}${lines[number - 1] ?? ""}`);
  }
  framed.push("-".repeat(20));
  return framed;
}

/** The output of either builder. */
export function renderBuildOutput(
  result: BuildResult,
  context: DirNode,
  dockerfilePath?: string,
  dockerfileText?: string,
): BuildOutput {
  return result.builder === "classic"
    ? renderClassicOutput(result, context)
    : renderBuildKitOutput(result, dockerfilePath, dockerfileText);
}
