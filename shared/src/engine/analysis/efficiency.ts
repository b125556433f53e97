/**
 * dive's image efficiency, ported from `dive/filetree/efficiency.go` and `image/analysis.go`
 * (wagoodman/dive), quirks included, so that Layercake can show the number people quote and then
 * explain where it misleads:
 * - only leaves of each layer's own tree are visited (directories with children never count);
 * - sizes are tar header sizes: symlinks and hard links count 0;
 * - a whiteout of a file adds 0 bytes but still marks the path as seen twice; a whiteout of a
 *   directory adds the size of everything below it in the layers before;
 * - opaque whiteouts (`.wh..wh..opq`) are dropped as if absent (`AddChild` ignores names starting
 *   with `.wh..wh..`), so lower children an opaque directory hides are not counted as removed;
 * - a whiteout whose path does not exist below makes dive stop visiting that layer (the visitor
 *   error ends `VisitDepthChildFirst`).
 */
import type { DirNode, FsNode } from "../fs/types.ts";
import { isWhiteoutMetaName } from "../fs/whiteout.ts";

export interface DiveInefficiency {
  readonly path: string;
  /** Every layer's bytes for this path added up (dive's `CumulativeSize`). */
  readonly cumulativeSize: number;
  /** How many layers have an entry for this path. */
  readonly occurrences: number;
}

export interface DiveEfficiency {
  /** minimum path sizes / discovered path sizes; 1 when nothing was discovered. */
  readonly score: number;
  /** Sum of `cumulativeSize` over paths seen in two or more layers (dive's `WastedBytes`). */
  readonly wastedBytes: number;
  /** wastedBytes / bytes of every layer but the first (dive's `WastedUserPercent`, as a ratio). */
  readonly wastedUserRatio: number;
  /** Sorted by cumulative size, smallest first, as dive sorts them. */
  readonly inefficiencies: readonly DiveInefficiency[];
}

/** dive's per-layer tree node: whiteouts by their target name, opaque markers dropped. */
interface DiveNode {
  readonly name: string;
  readonly whiteout: boolean;
  readonly isDir: boolean;
  readonly size: number;
  readonly children: Map<string, DiveNode>;
}

function toDiveTree(dir: DirNode, name: string): DiveNode {
  const children = new Map<string, DiveNode>();
  for (const [childName, child] of dir.children) children.set(childName, toDiveNode(child, childName));
  return { name, whiteout: false, isDir: true, size: 0, children };
}

function toDiveNode(node: FsNode, name: string): DiveNode {
  if (node.kind === "whiteout") return { name, whiteout: true, isDir: false, size: 0, children: new Map() };
  if (node.kind === "dir") return toDiveTree(node, name);
  return {
    name,
    whiteout: false,
    isDir: false,
    size: node.kind === "file" ? node.content.size : 0,
    children: new Map(),
  };
}

/** dive's StackTreeRange: later trees over earlier ones, whiteouts removing, no opaque handling. */
function stackDive(lower: DiveNode, upper: DiveNode): DiveNode {
  const children = new Map(lower.children);
  for (const [name, child] of upper.children) {
    const existing = children.get(name);
    if (child.whiteout) children.delete(name);
    else if (existing?.isDir && child.isDir) children.set(name, stackDive(existing, child));
    else if (existing && !child.isDir) children.set(name, { ...child, children: existing.children });
    else children.set(name, child);
  }
  return { ...upper, children };
}

function lookup(root: DiveNode, path: string): DiveNode | undefined {
  let node: DiveNode | undefined = root;
  for (const part of path.split("/").filter(Boolean)) node = node?.children.get(part);
  return node;
}

function subtreeSize(node: DiveNode): number {
  let total = node.size;
  for (const child of node.children.values()) total += subtreeSize(child);
  return total;
}

class StopLayer extends Error {}

/**
 * dive's efficiency score and wasted bytes for an image's layers (changeset trees, bottom first).
 * `layerSizes` are the layers' sizes as dive reads them (sum of tar header sizes).
 */
export function computeDiveEfficiency(layers: readonly DirNode[]): DiveEfficiency {
  const trees = layers.map((layer) => toDiveTree(layer, ""));
  const byPath = new Map<string, { cumulative: number; minimum: number; count: number }>();
  const inefficient: string[] = [];
  const stacked: DiveNode[] = [];
  let running: DiveNode = { name: "", whiteout: false, isDir: true, size: 0, children: new Map() };
  for (const tree of trees) {
    stacked.push(running);
    running = stackDive(running, tree);
  }
  trees.forEach((tree, index) => {
    const below = stacked[index] as DiveNode;
    const visit = (node: DiveNode, path: string) => {
      const names = [...node.children.keys()].filter((name) => !isWhiteoutMetaName(name)).sort();
      for (const name of names) visit(node.children.get(name) as DiveNode, `${path}/${name}`);
      if (path === "" || node.children.size > 0) return;
      let size = node.size;
      if (node.whiteout) {
        const previous = lookup(below, path);
        if (!previous) throw new StopLayer(path);
        size = previous.isDir ? subtreeSize(previous) : 0;
      }
      const data = byPath.get(path) ?? { cumulative: 0, minimum: -1, count: 0 };
      data.cumulative += size;
      if (data.minimum < 0 || size < data.minimum) data.minimum = size;
      data.count += 1;
      byPath.set(path, data);
      if (data.count === 2) inefficient.push(path);
    };
    try {
      visit(tree, "");
    } catch (error) {
      if (!(error instanceof StopLayer)) throw error;
    }
  });
  let minimum = 0;
  let discovered = 0;
  for (const data of byPath.values()) {
    minimum += data.minimum;
    discovered += data.cumulative;
  }
  const inefficiencies = inefficient
    .map((path) => {
      const data = byPath.get(path) as { cumulative: number; count: number };
      return { path, cumulativeSize: data.cumulative, occurrences: data.count };
    })
    .sort((left, right) => left.cumulativeSize - right.cumulativeSize);
  const wastedBytes = inefficiencies.reduce((sum, item) => sum + item.cumulativeSize, 0);
  const userBytes = trees.slice(1).reduce((sum, tree) => sum + subtreeSize(tree), 0);
  return {
    score: discovered === 0 ? 1 : minimum / discovered,
    wastedBytes,
    wastedUserRatio: userBytes === 0 ? 0 : wastedBytes / userBytes,
    inefficiencies,
  };
}
