import { md5 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { crc32, GzipCompressor, gzipLikeBusybox } from "./deflate.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const lines = (count: number) =>
  encode(Array.from({ length: count }, (_, index) => `${index + 1}\n`).join(""));

describe("gzip as busybox 1.35 writes it", () => {
  // Observed on Debian 12's busybox-static 1.35 (`printf 'data\n' | busybox gzip | xxd -p`, and
  // `seq 1 N | busybox gzip | md5sum`); the shell differential compares many more.
  it("writes the header busybox writes: no name, mtime 0, XFL 0, OS 3", () => {
    expect(bytesToHex(gzipLikeBusybox(encode("data\n")))).toBe(
      "1f8b08000000000000034b492c49e4020082c5c1e605000000",
    );
  });

  it("produces busybox's bytes for a dynamic block and for a stream that slides its window", () => {
    const small = gzipLikeBusybox(lines(300));
    expect(small.length).toBe(534);
    expect(bytesToHex(md5(small))).toBe("6dc4d45c94a22639344b3048a42510a3");
    expect(bytesToHex(md5(gzipLikeBusybox(lines(30_000))))).toBe("90039ed280f69b7875bacab68cfe20ea");
  });

  it("compresses empty input to an empty static block", () => {
    expect(bytesToHex(gzipLikeBusybox(new Uint8Array(0)))).toBe("1f8b080000000000000303000000000000000000");
  });

  it("round-trips stored, static and dynamic blocks through an independent inflater", () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    const inputs = [
      encode("a"),
      Uint8Array.from({ length: 3000 }, random),
      Uint8Array.from({ length: 150_000 }, () => 97 + (random() % 5)),
      new Uint8Array(200_000),
      lines(40_000),
    ];
    for (const input of inputs) {
      const compressed = gzipLikeBusybox(input);
      expect(gunzipSync(compressed)).toEqual(input);
      const view = new DataView(compressed.buffer, compressed.length - 8);
      expect(view.getUint32(0, true)).toBe(crc32(input));
      expect(view.getUint32(4, true)).toBe(input.length);
    }
  });

  it("keeps one window across the files of one run, as a busybox process does", () => {
    const compressor = new GzipCompressor();
    const first = compressor.compress(lines(2000));
    const second = compressor.compress(encode("abcabcabd\n"));
    expect(gunzipSync(first)).toEqual(lines(2000));
    expect(gunzipSync(second)).toEqual(encode("abcabcabd\n"));
  });
});
