/** Layer contents in the differential suite's format: `<type> <mode> <uid>:<gid> <size> <path>`. */
import type { DirNode } from "../../../src/engine/fs/types.ts";
import type { Layer } from "../../../src/engine/image/types.ts";

export function layerEntries(layer: Layer): string[] {
  const out: string[] = [];
  const visit = (dir: DirNode, prefix: string) => {
    // Docker writes the opaque marker with the directory's own mode (observed: f 755 …/.wh..wh..opq).
    if (dir.opaque && prefix !== "") out.push(`f ${mode(dir.meta.mode)} 0:0 0 ${prefix}.wh..wh..opq`);
    for (const [name, child] of dir.children) {
      const path = `${prefix}${name}`;
      if (child.kind === "whiteout") out.push(`f 600 0:0 0 ${prefix}.wh.${name}`);
      else if (child.kind === "dir") {
        out.push(`d ${mode(child.meta.mode)} ${child.meta.uid}:${child.meta.gid} 0 ${path}/`);
        visit(child, `${path}/`);
      } else if (child.kind === "symlink")
        out.push(
          `l ${mode(child.meta.mode)} ${child.meta.uid}:${child.meta.gid} 0 ${path} -> ${child.target}`,
        );
      else
        out.push(
          `f ${mode(child.meta.mode)} ${child.meta.uid}:${child.meta.gid} ${child.content.size} ${path}`,
        );
    }
  };
  visit(layer.changes, "");
  return out.sort((left, right) => entryPath(left).localeCompare(entryPath(right)));
}

function entryPath(entry: string): string {
  return entry.split(" ")[4] ?? "";
}

function mode(value: number): string {
  return (value & 0o7777).toString(8).padStart(3, "0");
}
