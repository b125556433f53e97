import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { sha256Digest } from "../../core/hash.ts";
import { goGzip } from "./go-deflate.ts";

/**
 * Layer tars the Docker 26.1 containerd-store daemon wrote (decompressed from its blobs, `docker
 * save`), with the digest and size of the blob the daemon stored for each: a classic `RUN echo r >
 * /r`, a classic `COPY a.txt /a.txt` and a BuildKit `RUN echo r > /r` (with its dev/ proc/ sys/
 * mount stubs).
 */
const DAEMON_BLOBS = [
  {
    tar: "89d428300e6b.tar",
    digest: "sha256:89d428300e6b5203e633215e1421f928086b86e84a3958b5ca351f13ebc40f1a",
    size: 97,
  },
  {
    tar: "e1e1fbb46e34.tar",
    digest: "sha256:e1e1fbb46e34d92def6494e65efe79286cf5e48cc7b7d961734686862d459249",
    size: 107,
  },
  {
    tar: "0de94f59647c.tar",
    digest: "sha256:0de94f59647ce9a1a4e2e94e920a9789b1e63cde7ece3c00c6feb85a36bd89ea",
    size: 154,
  },
] as const;

/** Deterministic inputs for every path of the compressor: stored, fixed and dynamic blocks, long matches, window slides. */
function generatedInputs(): Record<string, Uint8Array> {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const random = new Uint8Array(200_000).map(() => next() & 0xff);
  const lines: string[] = [];
  for (let i = 1; i <= 5000; i++) lines.push(`line ${i} hello world ${(i * i) % 97}\n`);
  const text = new TextEncoder().encode(lines.join(""));
  const words = ["layer", "snapshot", "overlay", "whiteout", "diff", "tar", "gzip", "blob", "a", "of", "the"];
  const prose: string[] = [];
  for (let i = 0; i < 60_000; i++) prose.push(words[next() % words.length] ?? "");
  const vocabulary = new TextEncoder().encode(prose.join(" "));
  const skewed = new Uint8Array(150_000).map(() => {
    const r = next() % 1000;
    return r < 700 ? 0x20 : r < 900 ? 0x61 + (r % 3) : r & 0xff;
  });
  return {
    empty: new Uint8Array(0),
    "one-byte": new Uint8Array([0x61]),
    "empty-layer-tar": new Uint8Array(1024),
    "zeros-1mib": new Uint8Array(1 << 20),
    "random-200k": random,
    "text-5000-lines": text,
    "vocabulary-60000-words": vocabulary,
    "skewed-150k": skewed,
  };
}

/** What Go 1.19's `gzip.NewWriter` (one Write, Close) wrote for each generated input. */
const GO_OUTPUTS: Readonly<Record<string, { size: number; digest: string }>> = {
  empty: { size: 23, digest: "30e6fa98fb48c2b132824d1ac5e2243c0be9e9082ff32598d34d7687ca7f6c7f" },
  "one-byte": { size: 25, digest: "f1a7c8e8de042bc4fa970708757b62042de31814df7516c674d1379535f4ec21" },
  // The well-known 32-byte gzip of the empty layer (BuildKit's and containerd's empty blob).
  "empty-layer-tar": { size: 32, digest: "4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1" },
  "zeros-1mib": { size: 1055, digest: "bde3e442fb3cc1889b12972fad7b688385dbeacb36c42b0ce8b537aa8f4945d5" },
  "random-200k": {
    size: 200_088,
    digest: "6af45d39a0b4df6187a7804d643fbe1c2f0cd701a410d5d68154232ed2c1ff83",
  },
  "text-5000-lines": {
    size: 19_590,
    digest: "cb5e8bfe56ee14b2de84bc00660e69a5f80ff5df244834b9a6618da16cd2ef90",
  },
  "vocabulary-60000-words": {
    size: 46_666,
    digest: "0f5c0c83933bb60122f8732ef41b015796faccc337ee8dee017aef0c18935e0b",
  },
  "skewed-150k": { size: 50_924, digest: "45790f59f00a21ea0d28eddca53959e57abf0ed56b4cf55accdd01dad8d2d436" },
};

describe("goGzip", () => {
  it.each(DAEMON_BLOBS)("writes the daemon's own blob $digest for its layer tar", ({ tar, digest, size }) => {
    const input = new Uint8Array(readFileSync(join(import.meta.dirname, "testdata", "daemon-blobs", tar)));
    const blob = goGzip(input);
    expect(blob.length).toBe(size);
    expect(sha256Digest(blob)).toBe(digest);
  });

  const inputs = generatedInputs();
  it.each(Object.keys(GO_OUTPUTS))("writes the bytes Go 1.19's gzip writer writes for %s", (name) => {
    const input = inputs[name] as Uint8Array;
    const expected = GO_OUTPUTS[name] as { size: number; digest: string };
    const blob = goGzip(input);
    expect(blob.length).toBe(expected.size);
    expect(sha256Digest(blob)).toBe(`sha256:${expected.digest}`);
  });

  it("writes a stream any gzip reader decompresses to the input", () => {
    const input = inputs["vocabulary-60000-words"] as Uint8Array;
    expect(gunzipSync(goGzip(input))).toEqual(input);
  });
});
