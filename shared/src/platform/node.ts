/**
 * Node's side of the entry-point split: the pure core hashes with @noble/hashes everywhere; in
 * Node, node:crypto's SHA-256 (native, about ten times faster) is installed instead. Imported by
 * Node entry points (the CLI, the benchmarks, the test setup), never by the pure modules.
 */
import { createHash } from "node:crypto";
import { installSha256Implementation } from "../core/hash.ts";

installSha256Implementation({
  create() {
    const hash = createHash("sha256");
    return {
      update: (chunk) => {
        hash.update(chunk);
      },
      digestHex: () => hash.digest("hex"),
    };
  },
});
