/**
 * What the builder needs from the other engine modules, in one place: the Dockerfile parser, the
 * union/layer operations, the overlay mount RUN writes through, and the shell. `default-ports.ts`
 * wires the real modules; keeping the seam narrow means a signature change elsewhere is fixed here.
 */
import type { Diagnostic } from "../../core/diagnostics.ts";
import type { ContainerdDiffOptions } from "../fs/containerd-diff.ts";
import type { DirNode, Identity, MountedFs } from "../fs/types.ts";
import type { Layer } from "../image/types.ts";
import type { BuildPlan, Instruction } from "./instructions.ts";

export interface ParsedPlan {
  readonly plan: BuildPlan;
  readonly diagnostics: readonly Diagnostic[];
}

/** A RUN container's file system: the overlay over the image, and the changeset it collected. */
export interface StepMount {
  readonly fs: MountedFs;
  /** The upper directory as a changeset tree (volume contents excluded). */
  upper(): DirNode;
  /** Each volume's whole contents after the command, by mountpoint path. */
  volumeTrees(): ReadonlyMap<string, DirNode>;
}

export interface MountOptions {
  readonly identity: Identity;
  /** Seconds since the epoch, for new files' mtime. */
  readonly now: number;
  /** Anonymous volumes (legacy builder, L7): mountpoints created, writes below them discarded. */
  readonly volumes: readonly string[];
  /** Starting contents of some volumes by mountpoint (BuildKit cache mounts), see fs/overlay.ts. */
  readonly volumeContents?: ReadonlyMap<string, DirNode>;
  /** Changes already made by the runtime (as root) before the process starts. */
  readonly upper?: DirNode;
}

export interface ShellOptions {
  readonly fs: MountedFs;
  readonly env: readonly string[];
  readonly cwd: string;
  readonly identity: Identity;
  /** Seconds since the epoch. */
  readonly now: number;
}

export interface ShellOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BuildPorts {
  /** Parses a Dockerfile into stages. */
  parse(text: string, path: string): ParsedPlan;
  /** Parses one ONBUILD trigger expression into an instruction. */
  parseTrigger(
    expression: string,
    escapeToken: string,
  ): { instruction?: Instruction; diagnostics: readonly Diagnostic[] };
  /** Applies a changeset on a union tree (W6). */
  applyChangeset(union: DirNode, changes: DirNode): DirNode;
  /**
   * The changeset containerd's differ writes for a step's upper directory over `lower` (the
   * containerd image store; fs/containerd-diff.ts).
   */
  containerdDiff(lower: DirNode, upper: DirNode, options: ContainerdDiffOptions): DirNode;
  /** A layer from a changeset (DiffID and size computed lazily). */
  createLayer(changes: DirNode): Layer;
  /** An overlay mount over a union tree. */
  mount(lower: DirNode, options: MountOptions): StepMount;
  /** `/bin/sh -c <script>` (shell form). */
  runShell(shell: readonly string[], script: string, options: ShellOptions): ShellOutcome;
  /** An exec-form command. */
  runArgv(argv: readonly string[], options: ShellOptions): ShellOutcome;
  /**
   * ADD of a local archive: the archive's entries as a tree (`undefined` when the bytes are not a
   * tar, gzip-compressed or not).
   */
  readArchive(bytes: Uint8Array): DirNode | undefined;
}
