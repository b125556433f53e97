/**
 * WORKDIR: the working directory of later steps, created if missing.
 * - Legacy: a container is created whose setup makes the directory (`SetupWorkingDirectory`:
 *   0755, root:root whatever USER says); the diff decides the layer (L4): an existing directory →
 *   `empty_layer: true`, a new one → a layer holding only the new directory entries.
 * - BuildKit: `WORKDIR /` is history only; any other path is a mkdir vertex owned by USER and
 *   always a layer, the empty tar when the directory existed (L5, R6).
 */
import { reason } from "../../../core/reasons.ts";
import { recordBuildKitMetadata, runBuildKitVertex, slotOf } from "../buildkit-vertex.ts";
import { runClassicStep, seconds, setupWorkingDirectory } from "../classic-commit.ts";
import { classicNopCmdString, shellOf } from "../created-by.ts";
import type { InstructionOf } from "../instructions.ts";
import { copyConfig, expandInStep, failStep, nowMs, type StepContext, type StepOutcome } from "../runtime.ts";
import { joinAbsolute, mkdirAllChangeset, newDirMeta, splitPath } from "../tree-ops.ts";
import { resolveChown } from "../user.ts";

/** `NormalizeWorkdir`: a relative path is joined to the current WORKDIR, then cleaned. */
export function normalizeWorkdir(current: string | undefined, requested: string): string {
  return requested.startsWith("/") ? joinAbsolute(requested) : joinAbsolute(current ?? "/", requested);
}

export function runWorkdir(context: StepContext<InstructionOf<"WORKDIR">>): StepOutcome {
  const { stage, build } = context;
  const path = expandInStep(context, context.instruction.path);
  if (!path.ok) return failStep(path.message);
  if (path.value === "") return failStep("cannot normalize nothing");
  const workdir = normalizeWorkdir(stage.config.WorkingDir, path.value);
  stage.config = { ...stage.config, WorkingDir: workdir };
  const comment = `WORKDIR ${workdir}`;
  if (build.builder === "classic") {
    const probe = {
      ...copyConfig(stage.config),
      Cmd: classicNopCmdString(shellOf(stage.config.Shell), comment),
    };
    return runClassicStep(context, {
      probe,
      describeKey: "instruction and configuration",
      withContainer: true,
      produce: (lower) => {
        const changes = setupWorkingDirectory(lower, workdir, seconds(nowMs(build)));
        return "ok" in changes ? changes : { changes };
      },
      explainLayer: (empty) =>
        empty
          ? [
              reason(
                "workdir-exists",
                `${workdir} already existed: creating it changed nothing, so empty_layer: true (L4, L1)`,
                "L4",
              ),
            ]
          : [
              reason(
                "workdir-created",
                `${workdir} did not exist: the layer holds just the new director${splitPath(workdir).length > 1 ? "ies" : "y"}, owned by root:root whatever USER says (L4)`,
                "L4",
              ),
            ],
    });
  }
  stage.cwd = workdir;
  if (workdir === "/") {
    return recordBuildKitMetadata(context, comment, [
      reason(
        "workdir-root",
        "WORKDIR / creates nothing under BuildKit: history only (withLayer=false for /)",
        "R6",
      ),
    ]);
  }
  const user = stage.config.User ?? "";
  return runBuildKitVertex(context, {
    kind: "mkdir",
    op: { path: workdir, user, mode: "0755" },
    message: comment,
    withState: false,
    slot: slotOf(context),
    produce: (lower) => {
      let owner = { uid: 0, gid: 0 };
      if (user !== "") {
        const resolved = resolveChown(lower, user, "buildkit");
        if (!resolved.ok) return failStep(resolved.message);
        owner = resolved.identity;
      }
      const made = mkdirAllChangeset(
        lower,
        splitPath(workdir),
        newDirMeta(owner.uid, owner.gid, seconds(nowMs(build))),
      );
      const empty = { kind: "dir" as const, meta: lower.meta, children: new Map(), opaque: false };
      if (made === undefined) {
        return {
          changes: empty,
          layerReasons: [
            reason("workdir-exists", `${workdir} already existed: mkdir changed nothing (R6)`, "R6"),
          ],
        };
      }
      if ("error" in made) return failStep(`mkdir ${made.path}: not a directory`);
      return {
        changes: made.changes,
        layerReasons: [
          reason(
            "workdir-owner",
            `created ${made.created.join(", ")} owned by ${owner.uid}:${owner.gid} (BuildKit's WORKDIR follows USER, 8.10)`,
            "8.10",
          ),
        ],
      };
    },
  });
}
