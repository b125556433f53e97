/**
 * gzip compression byte for byte as busybox 1.35's `gzip` (archival/gzip.c) produces it. Its
 * deflate descends from GNU gzip 1.2.4 (Jean-loup Gailly's deflate.c and trees.c): a 64 KiB
 * sliding window, hash chains, lazy match evaluation, and blocks ended by buffer size or by gzip's
 * compression estimate. Written afresh in TypeScript from that algorithm (zlib and fflate compress
 * the same data into different bytes), with busybox's build settings:
 *
 * - Debian's busybox-static is built without FEATURE_GZIP_LEVELS: `-1`…`-9` are accepted and
 *   ignored, every run uses level 6's parameters (chain 128, good 8, lazy 16, nice 128).
 * - GZIP_FAST=2 (BIG_MEM): 15 hash bits, 32 Ki symbols and distances per block (found by
 *   comparing outputs: the smaller settings give other bytes on inputs over a few KiB).
 * - The header has no name, a zero mtime, no flags, XFL 0 and OS 3 (Unix); busybox does not store
 *   the time stamp (its `-n` is accepted and changes nothing).
 *
 * The differential suite (shared/test/shell) compares these bytes with the real busybox's.
 */
import { BitWriter, BlockWriter } from "./huffman.ts";

export interface DeflateParameters {
  /** Hash chains are searched at most this far. */
  readonly maxChain: number;
  /** Search a quarter of the chain when the previous match is at least this long. */
  readonly goodMatch: number;
  /** Look for a better match at the next byte only while the current one is shorter than this. */
  readonly maxLazy: number;
  /** Stop searching once a match is this long. */
  readonly niceMatch: number;
}

/** Level 6 of gzip 1.2.4's table, the only one a busybox without FEATURE_GZIP_LEVELS has. */
export const BUSYBOX_GZIP_PARAMETERS: DeflateParameters = {
  maxChain: 128,
  goodMatch: 8,
  maxLazy: 16,
  niceMatch: 128,
};

/**
 * Compressing is charged to the step budget before it starts, a step per 16 bytes: this deflate
 * runs at a few MB/s, so the step budget (about a second) stops a gzip of more than ~4.8 MB.
 */
export const DEFLATE_BYTES_PER_STEP = 16;

const WSIZE = 0x8000;
const WMASK = WSIZE - 1;
const WINDOW_SIZE = 2 * WSIZE;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
const MAX_DIST = WSIZE - MIN_LOOKAHEAD;
/** Matches of length 3 further back than this are not worth their distance code. */
const TOO_FAR = 4096;
const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
const H_SHIFT = Math.floor((HASH_BITS + MIN_MATCH - 1) / MIN_MATCH);
const LITERAL_BUFFER_SIZE = 0x8000;
const DISTANCE_BUFFER_SIZE = 0x8000;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as the gzip trailer stores it (RFC 1952 8). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The state one busybox gzip process keeps between the files it compresses: its window is
 * allocated once and never cleared, and the bytes past the end of a short file can decide which of
 * two equal matches is taken, so `gzip a b` reuses it as busybox does.
 */
export class GzipCompressor {
  private readonly window = new Uint8Array(WINDOW_SIZE + MAX_MATCH + 1);
  private readonly previous = new Uint16Array(WSIZE);
  private readonly head = new Uint16Array(HASH_SIZE);

  private readonly parameters: DeflateParameters;

  constructor(parameters: DeflateParameters = BUSYBOX_GZIP_PARAMETERS) {
    this.parameters = parameters;
  }

  /** One gzip member: header, deflate stream, CRC-32 and size. */
  compress(input: Uint8Array): Uint8Array<ArrayBuffer> {
    const out = new BitWriter();
    for (const byte of [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]) out.byte(byte);
    this.deflate(input, out);
    const crc = crc32(input);
    const size = input.length >>> 0;
    for (const value of [crc, size]) for (let shift = 0; shift < 32; shift += 8) out.byte(value >>> shift);
    return out.result();
  }

  private deflate(input: Uint8Array, out: BitWriter): void {
    const { maxChain, goodMatch, maxLazy, niceMatch } = this.parameters;
    const window = this.window;
    const previous = this.previous;
    const head = this.head;
    const blocks = new BlockWriter(out, LITERAL_BUFFER_SIZE, DISTANCE_BUFFER_SIZE);
    head.fill(0);
    let consumed = 0;
    let endOfInput = false;
    let strstart = 0;
    let blockStart = 0;
    let lookahead = 0;
    let matchStart = 0;
    let prevLength = 0;
    let insertHash = 0;

    const read = (at: number, size: number): number => {
      const count = Math.min(size, input.length - consumed);
      window.set(input.subarray(consumed, consumed + count), at);
      consumed += count;
      return count;
    };
    const fillWindow = () => {
      let more = WINDOW_SIZE - lookahead - strstart;
      if (strstart >= WSIZE + MAX_DIST) {
        // Slide: the upper half becomes the lower one, and every position moves down by WSIZE.
        window.copyWithin(0, WSIZE, 2 * WSIZE);
        matchStart -= WSIZE;
        strstart -= WSIZE;
        blockStart -= WSIZE;
        for (let n = 0; n < HASH_SIZE; n += 1) {
          const m = head[n] as number;
          head[n] = m >= WSIZE ? m - WSIZE : 0;
        }
        for (let n = 0; n < WSIZE; n += 1) {
          const m = previous[n] as number;
          previous[n] = m >= WSIZE ? m - WSIZE : 0;
        }
        more += WSIZE;
      }
      if (!endOfInput) {
        const count = read(strstart + lookahead, more);
        if (count === 0) endOfInput = true;
        else lookahead += count;
      }
    };
    const fillIfNeeded = () => {
      while (lookahead < MIN_LOOKAHEAD && !endOfInput) fillWindow();
    };
    const insertString = (position: number): number => {
      insertHash = ((insertHash << H_SHIFT) ^ (window[position + MIN_MATCH - 1] as number)) & HASH_MASK;
      const chainHead = head[insertHash] as number;
      previous[position & WMASK] = chainHead;
      head[insertHash] = position;
      return chainHead;
    };
    const longestMatch = (start: number): number => {
      let chainLength = maxChain;
      let candidate = start;
      let bestLength = prevLength;
      const limit = strstart > MAX_DIST ? strstart - MAX_DIST : 0;
      let scanEnd1 = window[strstart + bestLength - 1] as number;
      let scanEnd = window[strstart + bestLength] as number;
      if (prevLength >= goodMatch) chainLength >>= 2;
      for (;;) {
        const match = candidate;
        if (
          window[match + bestLength] === scanEnd &&
          window[match + bestLength - 1] === scanEnd1 &&
          window[match] === window[strstart] &&
          window[match + 1] === window[strstart + 1]
        ) {
          // gzip skips the third byte (equal hashes with equal first two bytes imply it) and
          // compares up to MAX_MATCH.
          let length = 3;
          while (length < MAX_MATCH && window[strstart + length] === window[match + length]) length += 1;
          if (length > bestLength) {
            matchStart = candidate;
            bestLength = length;
            if (length >= niceMatch) break;
            scanEnd1 = window[strstart + bestLength - 1] as number;
            scanEnd = window[strstart + bestLength] as number;
          }
        }
        candidate = previous[candidate & WMASK] as number;
        chainLength -= 1;
        if (candidate <= limit || chainLength === 0) break;
      }
      return bestLength;
    };
    const flushBlock = (last: boolean) => {
      blocks.flush(blockStart >= 0 ? window.subarray(blockStart) : undefined, strstart - blockStart, last);
    };

    lookahead = read(0, WINDOW_SIZE);
    if (lookahead === 0) endOfInput = true;
    else {
      fillIfNeeded();
      for (let j = 0; j < MIN_MATCH - 1; j += 1)
        insertHash = ((insertHash << H_SHIFT) ^ (window[j] as number)) & HASH_MASK;
    }

    let matchAvailable = false;
    let matchLength = MIN_MATCH - 1;
    while (lookahead !== 0) {
      let hashHead = insertString(strstart);
      prevLength = matchLength;
      const prevMatch = matchStart;
      matchLength = MIN_MATCH - 1;
      if (hashHead !== 0 && prevLength < maxLazy && strstart - hashHead <= MAX_DIST) {
        matchLength = longestMatch(hashHead);
        if (matchLength > lookahead) matchLength = lookahead;
        if (matchLength === MIN_MATCH && strstart - matchStart > TOO_FAR) matchLength -= 1;
      }
      if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
        const flush = blocks.tally(strstart - 1 - prevMatch, prevLength - MIN_MATCH, strstart, blockStart);
        lookahead -= prevLength - 1;
        prevLength -= 2;
        do {
          strstart += 1;
          hashHead = insertString(strstart);
        } while (--prevLength !== 0);
        matchAvailable = false;
        matchLength = MIN_MATCH - 1;
        strstart += 1;
        if (flush) {
          flushBlock(false);
          blockStart = strstart;
        }
      } else if (matchAvailable) {
        if (blocks.tally(0, window[strstart - 1] as number, strstart, blockStart)) {
          flushBlock(false);
          blockStart = strstart;
        }
        strstart += 1;
        lookahead -= 1;
      } else {
        matchAvailable = true;
        strstart += 1;
        lookahead -= 1;
      }
      fillIfNeeded();
    }
    if (matchAvailable) blocks.tally(0, window[strstart - 1] as number, strstart, blockStart);
    flushBlock(true);
  }
}

/** Compresses `input` as one run of busybox's `gzip` would (tar -z runs a fresh gzip). */
export function gzipLikeBusybox(input: Uint8Array): Uint8Array<ArrayBuffer> {
  return new GzipCompressor().compress(input);
}
