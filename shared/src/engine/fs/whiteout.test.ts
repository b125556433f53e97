import { describe, expect, it } from "vitest";
import { decodeLayerTar, encodeLayerTar } from "./tar.ts";
import { getNode, treeFromPaths } from "./tree.ts";
import {
  isWhiteoutMetaName,
  OPAQUE_WHITEOUT,
  WHITEOUT_PREFIX,
  whiteoutName,
  whiteoutTarget,
} from "./whiteout.ts";

describe("whiteout names", () => {
  it("spells OCI's markers", () => {
    expect(WHITEOUT_PREFIX).toBe(".wh.");
    expect(OPAQUE_WHITEOUT).toBe(".wh..wh..opq");
    expect(whiteoutName("app.log")).toBe(".wh.app.log");
    expect(whiteoutTarget(".wh.app.log")).toBe("app.log");
    expect(whiteoutTarget("app.log")).toBeUndefined();
    expect(isWhiteoutMetaName(OPAQUE_WHITEOUT)).toBe(true);
    expect(isWhiteoutMetaName(".wh.app.log")).toBe(false);
  });

  it("are what tree literals and layer archives read and write", () => {
    const tree = treeFromPaths([`/etc/${whiteoutName("motd")}`, `/var/${OPAQUE_WHITEOUT}`, "/var/new"]);
    expect(getNode(tree, "/etc/motd")?.kind).toBe("whiteout");
    const opaque = getNode(tree, "/var");
    expect(opaque?.kind === "dir" && opaque.opaque).toBe(true);
    const { changes: back, diagnostics } = decodeLayerTar(encodeLayerTar(tree));
    expect(diagnostics).toEqual([]);
    if (back === undefined) throw new Error("the archive did not decode");
    expect(getNode(back, "/etc/motd")?.kind).toBe("whiteout");
    const reread = getNode(back, "/var");
    expect(reread?.kind === "dir" && reread.opaque).toBe(true);
  });
});
