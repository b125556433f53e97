/**
 * Node's side of the entry-point split: the pure core hashes with @noble/hashes everywhere; in
 * Node, node:crypto's SHA-256 (native, about ten times faster) is installed instead. Imported by
 * Node entry points (the CLI, the benchmarks, the test setup), never by the pure modules.
 * node:crypto is loaded at the first hash, not here: a command that hashes nothing (`layercake
 * docker images` over a saved state) never pays for loading it.
 */
import { installSha256Implementation } from "../core/hash.ts";

let crypto: typeof import("node:crypto") | undefined;

installSha256Implementation({
  create() {
    crypto ??= process.getBuiltinModule("node:crypto");
    const hash = crypto.createHash("sha256");
    return {
      update: (chunk) => {
        hash.update(chunk);
      },
      digestHex: () => hash.digest("hex"),
    };
  },
});
