/**
 * Go's gzip writer (`compress/gzip` over `compress/flate` at the default level 6), byte for byte.
 *
 * The containerd image store keeps every layer as a gzip blob, and its image sizes count those
 * blobs: BuildKit v0.13's exporter and containerd's differ (classic builder, `docker commit`,
 * `docker import`) both call Go's `gzip.NewWriter` / `gzip.NewWriterLevel(w, DefaultCompression)`
 * (moby v26.1.5 vendor/github.com/moby/buildkit/util/compression/gzip.go,
 * vendor/github.com/containerd/containerd/archive/compression/compression.go). zlib's algorithm
 * (pako, fflate) is not Go's: on tiny:1's layer tar it writes 1,031,934 bytes where Go writes
 * 1,064,659, and a few bytes fewer on small tars (Go ends every stream with an empty stored block,
 * matches only from 4 bytes, and builds its Huffman codes its own way). So this is Go's compressor,
 * pure TypeScript for the browser: the lazy-matching `deflate()` path of levels 2–9 (level 6 used),
 * its block writer choosing stored, fixed or dynamic codes, and its length-limited Huffman code
 * construction.
 *
 * Algorithm origin: the Go Authors, `src/compress/flate` (deflate.go, huffman_bit_writer.go,
 * huffman_code.go, token.go), Go 1.19; Copyright 2009 The Go Authors, BSD-3-Clause licence
 * (https://go.dev/LICENSE). Rewritten here in TypeScript; its test compares the output with the
 * daemon's own blobs and with Go 1.19's `gzip.NewWriter`.
 */

const WINDOW_SIZE = 1 << 15;
const WINDOW_MASK = WINDOW_SIZE - 1;
const BASE_MATCH_LENGTH = 3;
const MIN_MATCH_LENGTH = 4;
const MAX_MATCH_LENGTH = 258;
const BASE_MATCH_OFFSET = 1;
const MAX_FLATE_BLOCK_TOKENS = 1 << 14;
const MAX_STORE_BLOCK_SIZE = 65535;
const HASH_BITS = 17;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
const MAX_HASH_OFFSET = 1 << 24;
const HASH_MUL = 0x1e35a7bd;

/** Level 6: good, lazy, nice, chain (deflate.go `levels`; level 6 never skips hashing). */
const GOOD = 8;
const LAZY = 16;
const NICE = 128;
const CHAIN = 128;

const MAX_NUM_LIT = 286;
const OFFSET_CODE_COUNT = 30;
const END_BLOCK_MARKER = 256;
const LENGTH_CODES_START = 257;
const CODEGEN_CODE_COUNT = 19;
const BAD_CODE = 255;

const LITERAL_TYPE = 0;
const MATCH_TYPE = 1 << 30;
const LENGTH_SHIFT = 22;
const OFFSET_MASK = (1 << LENGTH_SHIFT) - 1;

const LENGTH_EXTRA_BITS = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const LENGTH_BASE = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224,
  255,
];
const OFFSET_EXTRA_BITS = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const OFFSET_BASE = [
  0x000000, 0x000001, 0x000002, 0x000003, 0x000004, 0x000006, 0x000008, 0x00000c, 0x000010, 0x000018,
  0x000020, 0x000030, 0x000040, 0x000060, 0x000080, 0x0000c0, 0x000100, 0x000180, 0x000200, 0x000300,
  0x000400, 0x000600, 0x000800, 0x000c00, 0x001000, 0x001800, 0x002000, 0x003000, 0x004000, 0x006000,
];
const CODEGEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Length code (0–28) of a match length minus 3 (token.go `lengthCodes`). */
const LENGTH_CODES = (() => {
  const codes = new Uint8Array(256);
  for (let code = 0; code < 29; code++) {
    const base = LENGTH_BASE[code] ?? 0;
    const span = 1 << (LENGTH_EXTRA_BITS[code] ?? 0);
    for (let length = base; length < base + span && length < 256; length++) codes[length] = code;
  }
  codes[255] = 28;
  return codes;
})();

/** Offset code of small offsets minus 1 (token.go `offsetCodes`). */
const OFFSET_CODES = (() => {
  const codes = new Uint8Array(256);
  for (let code = 0; code < 16; code++) {
    const base = OFFSET_BASE[code] ?? 0;
    const span = 1 << (OFFSET_EXTRA_BITS[code] ?? 0);
    for (let offset = base; offset < base + span && offset < 256; offset++) codes[offset] = code;
  }
  return codes;
})();

function offsetCode(offset: number): number {
  if (offset < 256) return OFFSET_CODES[offset] ?? 0;
  if (offset >> 7 < 256) return (OFFSET_CODES[offset >> 7] ?? 0) + 14;
  return (OFFSET_CODES[offset >> 14] ?? 0) + 28;
}

function reverseBits(code: number, length: number): number {
  let reversed = 0;
  for (let bit = 0; bit < length; bit++) reversed |= ((code >> bit) & 1) << (length - 1 - bit);
  return reversed;
}

/** A Huffman code per symbol (huffman_code.go `huffmanEncoder`). */
class HuffmanEncoder {
  readonly codes: Uint16Array;
  readonly lengths: Uint8Array;

  constructor(size: number) {
    this.codes = new Uint16Array(size);
    this.lengths = new Uint8Array(size);
  }

  bitLength(freq: Int32Array): number {
    let total = 0;
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i] ?? 0;
      if (f !== 0) total += f * (this.lengths[i] ?? 0);
    }
    return total;
  }

  /** Go's `generate`: length-limited codes from frequencies (package-merge by levels). */
  generate(freq: Int32Array, maxBits: number): void {
    const literals: number[] = [];
    const freqs: number[] = [];
    for (let i = 0; i < freq.length; i++) {
      const f = freq[i] ?? 0;
      if (f !== 0) {
        literals.push(i);
        freqs.push(f);
      } else {
        this.lengths[i] = 0;
      }
    }
    const count = literals.length;
    if (count <= 2) {
      for (let i = 0; i < count; i++) {
        const literal = literals[i] ?? 0;
        this.codes[literal] = i;
        this.lengths[literal] = 1;
      }
      return;
    }
    // byFreq: by frequency, then by literal (a total order, so Go's unstable sort agrees).
    const order = literals.map((literal, index) => ({ literal, freq: freqs[index] ?? 0 }));
    order.sort((a, b) => (a.freq === b.freq ? a.literal - b.literal : a.freq - b.freq));
    const bitCount = bitCounts(order, maxBits);
    // assignEncodingAndSize: the least frequent get the longest codes, in literal order per length.
    let code = 0;
    let end = order.length;
    for (let n = 0; n < bitCount.length; n++) {
      code <<= 1;
      const bits = bitCount[n] ?? 0;
      if (n === 0 || bits === 0) continue;
      const chunk = order.slice(end - bits, end).sort((a, b) => a.literal - b.literal);
      for (const node of chunk) {
        this.codes[node.literal] = reverseBits(code, n);
        this.lengths[node.literal] = n;
        code++;
      }
      end -= bits;
    }
  }
}

const MAX_INT32 = 2147483647;

/** Go's `bitCounts`: how many literals get each code length, at most `maxBits` long. */
function bitCounts(list: readonly { literal: number; freq: number }[], maxBitsLimit: number): number[] {
  const n = list.length;
  const freqAt = (index: number): number => (index < n ? (list[index]?.freq ?? MAX_INT32) : MAX_INT32);
  const maxBits = Math.min(maxBitsLimit, n - 1);
  const levelCount = 16;
  const lastFreq = new Array<number>(levelCount).fill(0);
  const nextCharFreq = new Array<number>(levelCount).fill(0);
  const nextPairFreq = new Array<number>(levelCount).fill(0);
  const needed = new Array<number>(levelCount).fill(0);
  const leafCounts = Array.from({ length: levelCount }, () => new Array<number>(levelCount).fill(0));
  for (let level = 1; level <= maxBits; level++) {
    lastFreq[level] = freqAt(1);
    nextCharFreq[level] = freqAt(2);
    nextPairFreq[level] = freqAt(0) + freqAt(1);
    (leafCounts[level] as number[])[level] = 2;
    if (level === 1) nextPairFreq[level] = MAX_INT32;
  }
  needed[maxBits] = 2 * n - 4;
  let level = maxBits;
  for (;;) {
    if (nextPairFreq[level] === MAX_INT32 && nextCharFreq[level] === MAX_INT32) {
      needed[level] = 0;
      nextPairFreq[level + 1] = MAX_INT32;
      level++;
      continue;
    }
    const prevFreq = lastFreq[level] ?? 0;
    const counts = leafCounts[level] as number[];
    if ((nextCharFreq[level] ?? 0) < (nextPairFreq[level] ?? 0)) {
      const leaves = (counts[level] ?? 0) + 1;
      lastFreq[level] = nextCharFreq[level] ?? 0;
      counts[level] = leaves;
      nextCharFreq[level] = freqAt(leaves);
    } else {
      lastFreq[level] = nextPairFreq[level] ?? 0;
      const below = leafCounts[level - 1] as number[];
      for (let i = 0; i < level; i++) counts[i] = below[i] ?? 0;
      needed[level - 1] = 2;
    }
    needed[level] = (needed[level] ?? 0) - 1;
    if (needed[level] === 0) {
      if (level === maxBits) break;
      nextPairFreq[level + 1] = prevFreq + (lastFreq[level] ?? 0);
      level++;
    } else {
      while ((needed[level - 1] ?? 0) > 0) level--;
    }
  }
  const counts = leafCounts[maxBits] as number[];
  const bitCount = new Array<number>(maxBits + 1).fill(0);
  let bits = 1;
  for (let lvl = maxBits; lvl > 0; lvl--) {
    bitCount[bits] = (counts[lvl] ?? 0) - (counts[lvl - 1] ?? 0);
    bits++;
  }
  return bitCount;
}

const FIXED_LITERAL_ENCODING = (() => {
  const encoder = new HuffmanEncoder(MAX_NUM_LIT);
  for (let ch = 0; ch < MAX_NUM_LIT; ch++) {
    let bits: number;
    let size: number;
    if (ch < 144) {
      bits = ch + 48;
      size = 8;
    } else if (ch < 256) {
      bits = ch + 400 - 144;
      size = 9;
    } else if (ch < 280) {
      bits = ch - 256;
      size = 7;
    } else {
      bits = ch + 192 - 280;
      size = 8;
    }
    encoder.codes[ch] = reverseBits(bits, size);
    encoder.lengths[ch] = size;
  }
  return encoder;
})();

const FIXED_OFFSET_ENCODING = (() => {
  const encoder = new HuffmanEncoder(OFFSET_CODE_COUNT);
  for (let ch = 0; ch < OFFSET_CODE_COUNT; ch++) {
    encoder.codes[ch] = reverseBits(ch, 5);
    encoder.lengths[ch] = 5;
  }
  return encoder;
})();

/** A growable byte sink. */
class ByteSink {
  #buffer = new Uint8Array(1024);
  length = 0;

  push(byte: number): void {
    if (this.length === this.#buffer.length) this.#grow(1);
    this.#buffer[this.length++] = byte;
  }

  pushAll(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.#buffer.length) this.#grow(bytes.length);
    this.#buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  #grow(extra: number): void {
    const next = new Uint8Array(Math.max(this.#buffer.length * 2, this.length + extra));
    next.set(this.#buffer.subarray(0, this.length));
    this.#buffer = next;
  }

  bytes(): Uint8Array {
    return this.#buffer.slice(0, this.length);
  }
}

/** huffman_bit_writer.go: bits least significant first, blocks stored, fixed or dynamic. */
class HuffmanBitWriter {
  readonly out = new ByteSink();
  #bits = 0;
  #nbits = 0;
  readonly literalFreq = new Int32Array(MAX_NUM_LIT);
  readonly offsetFreq = new Int32Array(OFFSET_CODE_COUNT);
  readonly #codegenFreq = new Int32Array(CODEGEN_CODE_COUNT);
  readonly #codegen = new Uint8Array(MAX_NUM_LIT + OFFSET_CODE_COUNT + 1);
  readonly #literalEncoding = new HuffmanEncoder(MAX_NUM_LIT);
  readonly #offsetEncoding = new HuffmanEncoder(OFFSET_CODE_COUNT);
  readonly #codegenEncoding = new HuffmanEncoder(CODEGEN_CODE_COUNT);

  writeBits(value: number, count: number): void {
    this.#bits |= value << this.#nbits;
    this.#nbits += count;
    while (this.#nbits >= 8) {
      this.out.push(this.#bits & 0xff);
      this.#bits >>>= 8;
      this.#nbits -= 8;
    }
  }

  flush(): void {
    if (this.#nbits > 0) this.out.push(this.#bits & 0xff);
    this.#bits = 0;
    this.#nbits = 0;
  }

  writeStoredHeader(length: number, isEof: boolean): void {
    this.writeBits(isEof ? 1 : 0, 3);
    this.flush();
    this.writeBits(length, 16);
    this.writeBits(~length & 0xffff, 16);
  }

  #generateCodegen(numLiterals: number, numOffsets: number, lit: HuffmanEncoder, off: HuffmanEncoder): void {
    this.#codegenFreq.fill(0);
    const codegen = this.#codegen;
    for (let i = 0; i < numLiterals; i++) codegen[i] = lit.lengths[i] ?? 0;
    for (let i = 0; i < numOffsets; i++) codegen[numLiterals + i] = off.lengths[i] ?? 0;
    codegen[numLiterals + numOffsets] = BAD_CODE;
    const freq = this.#codegenFreq;
    let size = codegen[0] ?? 0;
    let count = 1;
    let outIndex = 0;
    for (let inIndex = 1; size !== BAD_CODE; inIndex++) {
      const nextSize = codegen[inIndex] ?? 0;
      if (nextSize === size) {
        count++;
        continue;
      }
      if (size !== 0) {
        codegen[outIndex++] = size;
        freq[size] = (freq[size] ?? 0) + 1;
        count--;
        while (count >= 3) {
          const n = Math.min(6, count);
          codegen[outIndex++] = 16;
          codegen[outIndex++] = n - 3;
          freq[16] = (freq[16] ?? 0) + 1;
          count -= n;
        }
      } else {
        while (count >= 11) {
          const n = Math.min(138, count);
          codegen[outIndex++] = 18;
          codegen[outIndex++] = n - 11;
          freq[18] = (freq[18] ?? 0) + 1;
          count -= n;
        }
        if (count >= 3) {
          codegen[outIndex++] = 17;
          codegen[outIndex++] = count - 3;
          freq[17] = (freq[17] ?? 0) + 1;
          count = 0;
        }
      }
      count--;
      for (; count >= 0; count--) {
        codegen[outIndex++] = size;
        freq[size] = (freq[size] ?? 0) + 1;
      }
      size = nextSize;
      count = 1;
    }
    codegen[outIndex] = BAD_CODE;
  }

  #dynamicSize(lit: HuffmanEncoder, off: HuffmanEncoder, extraBits: number): [number, number] {
    const freq = this.#codegenFreq;
    let numCodegens = freq.length;
    while (numCodegens > 4 && freq[CODEGEN_ORDER[numCodegens - 1] ?? 0] === 0) numCodegens--;
    const header =
      3 +
      5 +
      5 +
      4 +
      3 * numCodegens +
      this.#codegenEncoding.bitLength(freq) +
      (freq[16] ?? 0) * 2 +
      (freq[17] ?? 0) * 3 +
      (freq[18] ?? 0) * 7;
    return [
      header + lit.bitLength(this.literalFreq) + off.bitLength(this.offsetFreq) + extraBits,
      numCodegens,
    ];
  }

  #fixedSize(extraBits: number): number {
    return (
      3 +
      FIXED_LITERAL_ENCODING.bitLength(this.literalFreq) +
      FIXED_OFFSET_ENCODING.bitLength(this.offsetFreq) +
      extraBits
    );
  }

  #writeCode(encoder: HuffmanEncoder, symbol: number): void {
    this.writeBits(encoder.codes[symbol] ?? 0, encoder.lengths[symbol] ?? 0);
  }

  #writeDynamicHeader(numLiterals: number, numOffsets: number, numCodegens: number, isEof: boolean): void {
    this.writeBits(isEof ? 5 : 4, 3);
    this.writeBits(numLiterals - 257, 5);
    this.writeBits(numOffsets - 1, 5);
    this.writeBits(numCodegens - 4, 4);
    for (let i = 0; i < numCodegens; i++) {
      this.writeBits(this.#codegenEncoding.lengths[CODEGEN_ORDER[i] ?? 0] ?? 0, 3);
    }
    let i = 0;
    for (;;) {
      const codeWord = this.#codegen[i++] ?? BAD_CODE;
      if (codeWord === BAD_CODE) break;
      this.#writeCode(this.#codegenEncoding, codeWord);
      if (codeWord === 16) this.writeBits(this.#codegen[i++] ?? 0, 2);
      else if (codeWord === 17) this.writeBits(this.#codegen[i++] ?? 0, 3);
      else if (codeWord === 18) this.writeBits(this.#codegen[i++] ?? 0, 7);
    }
  }

  #indexTokens(tokens: readonly number[]): [number, number] {
    this.literalFreq.fill(0);
    this.offsetFreq.fill(0);
    for (const token of tokens) {
      if (token < MATCH_TYPE) {
        this.literalFreq[token - LITERAL_TYPE] = (this.literalFreq[token - LITERAL_TYPE] ?? 0) + 1;
        continue;
      }
      const length = (token - MATCH_TYPE) >>> LENGTH_SHIFT;
      const offset = token & OFFSET_MASK;
      const lengthSymbol = LENGTH_CODES_START + (LENGTH_CODES[length] ?? 0);
      this.literalFreq[lengthSymbol] = (this.literalFreq[lengthSymbol] ?? 0) + 1;
      const offsetSymbol = offsetCode(offset);
      this.offsetFreq[offsetSymbol] = (this.offsetFreq[offsetSymbol] ?? 0) + 1;
    }
    let numLiterals = this.literalFreq.length;
    while (this.literalFreq[numLiterals - 1] === 0) numLiterals--;
    let numOffsets = this.offsetFreq.length;
    while (numOffsets > 0 && this.offsetFreq[numOffsets - 1] === 0) numOffsets--;
    if (numOffsets === 0) {
      this.offsetFreq[0] = 1;
      numOffsets = 1;
    }
    this.#literalEncoding.generate(this.literalFreq, 15);
    this.#offsetEncoding.generate(this.offsetFreq, 15);
    return [numLiterals, numOffsets];
  }

  #writeTokens(tokens: readonly number[], lit: HuffmanEncoder, off: HuffmanEncoder): void {
    for (const token of tokens) {
      if (token < MATCH_TYPE) {
        this.#writeCode(lit, token - LITERAL_TYPE);
        continue;
      }
      const length = (token - MATCH_TYPE) >>> LENGTH_SHIFT;
      const lengthSymbol = LENGTH_CODES[length] ?? 0;
      this.#writeCode(lit, lengthSymbol + LENGTH_CODES_START);
      const extraLengthBits = LENGTH_EXTRA_BITS[lengthSymbol] ?? 0;
      if (extraLengthBits > 0) this.writeBits(length - (LENGTH_BASE[lengthSymbol] ?? 0), extraLengthBits);
      const offset = token & OFFSET_MASK;
      const offsetSymbol = offsetCode(offset);
      this.#writeCode(off, offsetSymbol);
      const extraOffsetBits = OFFSET_EXTRA_BITS[offsetSymbol] ?? 0;
      if (extraOffsetBits > 0) this.writeBits(offset - (OFFSET_BASE[offsetSymbol] ?? 0), extraOffsetBits);
    }
  }

  /** Go's `writeBlock`: the smallest of stored (when the input is at hand), fixed and dynamic. */
  writeBlock(blockTokens: readonly number[], eof: boolean, input: Uint8Array | undefined): void {
    const tokens = [...blockTokens, END_BLOCK_MARKER];
    const [numLiterals, numOffsets] = this.#indexTokens(tokens);
    let extraBits = 0;
    const storable = input !== undefined && input.length <= MAX_STORE_BLOCK_SIZE;
    const storedSize = storable ? (input.length + 5) * 8 : 0;
    if (storable) {
      for (let code = LENGTH_CODES_START + 8; code < numLiterals; code++) {
        extraBits += (this.literalFreq[code] ?? 0) * (LENGTH_EXTRA_BITS[code - LENGTH_CODES_START] ?? 0);
      }
      for (let code = 4; code < numOffsets; code++) {
        extraBits += (this.offsetFreq[code] ?? 0) * (OFFSET_EXTRA_BITS[code] ?? 0);
      }
    }
    let literalEncoding = FIXED_LITERAL_ENCODING;
    let offsetEncoding = FIXED_OFFSET_ENCODING;
    let size = this.#fixedSize(extraBits);
    this.#generateCodegen(numLiterals, numOffsets, this.#literalEncoding, this.#offsetEncoding);
    this.#codegenEncoding.generate(this.#codegenFreq, 7);
    const [dynamicSize, numCodegens] = this.#dynamicSize(
      this.#literalEncoding,
      this.#offsetEncoding,
      extraBits,
    );
    if (dynamicSize < size) {
      size = dynamicSize;
      literalEncoding = this.#literalEncoding;
      offsetEncoding = this.#offsetEncoding;
    }
    if (storable && storedSize < size) {
      this.writeStoredHeader(input.length, eof);
      this.out.pushAll(input);
      return;
    }
    if (literalEncoding === FIXED_LITERAL_ENCODING) this.writeBits(eof ? 3 : 2, 3);
    else this.#writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
    this.#writeTokens(tokens, literalEncoding, offsetEncoding);
  }
}

function hash4(window: Uint8Array, at: number): number {
  const word =
    ((window[at + 3] ?? 0) |
      ((window[at + 2] ?? 0) << 8) |
      ((window[at + 1] ?? 0) << 16) |
      ((window[at] ?? 0) << 24)) >>>
    0;
  return Math.imul(word, HASH_MUL) >>> (32 - HASH_BITS);
}

/** deflate.go's `compressor` for levels 2–9, as `gzip.NewWriter` drives it with one Write and Close. */
class Compressor {
  readonly #w = new HuffmanBitWriter();
  readonly #window = new Uint8Array(2 * WINDOW_SIZE);
  readonly #hashHead = new Int32Array(HASH_SIZE);
  readonly #hashPrev = new Int32Array(WINDOW_SIZE);
  #hashOffset = 1;
  #chainHead = -1;
  #index = 0;
  #windowEnd = 0;
  #blockStart = 0;
  #byteAvailable = false;
  #tokens: number[] = [];
  #length = MIN_MATCH_LENGTH - 1;
  #offset = 0;
  #maxInsertIndex = 0;
  #sync = false;

  compress(input: Uint8Array): Uint8Array {
    let rest = input;
    while (rest.length > 0) {
      this.#deflate();
      rest = rest.subarray(this.#fill(rest));
    }
    this.#sync = true;
    this.#deflate();
    this.#w.writeStoredHeader(0, true);
    this.#w.flush();
    return this.#w.out.bytes();
  }

  #fill(b: Uint8Array): number {
    if (this.#index >= 2 * WINDOW_SIZE - (MIN_MATCH_LENGTH + MAX_MATCH_LENGTH)) {
      this.#window.copyWithin(0, WINDOW_SIZE, 2 * WINDOW_SIZE);
      this.#index -= WINDOW_SIZE;
      this.#windowEnd -= WINDOW_SIZE;
      this.#blockStart = this.#blockStart >= WINDOW_SIZE ? this.#blockStart - WINDOW_SIZE : MAX_INT32;
      this.#hashOffset += WINDOW_SIZE;
      if (this.#hashOffset > MAX_HASH_OFFSET) {
        const delta = this.#hashOffset - 1;
        this.#hashOffset -= delta;
        this.#chainHead -= delta;
        for (let i = 0; i < this.#hashPrev.length; i++) {
          const v = this.#hashPrev[i] ?? 0;
          this.#hashPrev[i] = v > delta ? v - delta : 0;
        }
        for (let i = 0; i < this.#hashHead.length; i++) {
          const v = this.#hashHead[i] ?? 0;
          this.#hashHead[i] = v > delta ? v - delta : 0;
        }
      }
    }
    const n = Math.min(b.length, this.#window.length - this.#windowEnd);
    this.#window.set(b.subarray(0, n), this.#windowEnd);
    this.#windowEnd += n;
    return n;
  }

  #writeBlock(index: number): void {
    if (index <= 0) return;
    const input = this.#blockStart <= index ? this.#window.subarray(this.#blockStart, index) : undefined;
    this.#blockStart = index;
    this.#w.writeBlock(this.#tokens, false, input);
  }

  /** The longest match found by `#findMatch` (its length and distance). */
  #matchLength = 0;
  #matchOffset = 0;

  /** Go's `findMatch`: walks the hash chain from `prevHead`; true when it found a longer match. */
  #findMatch(pos: number, prevHead: number, prevLength: number, lookahead: number): boolean {
    const window = this.#window;
    const hashPrev = this.#hashPrev;
    const hashOffset = this.#hashOffset;
    const minMatchLook = Math.min(lookahead, MAX_MATCH_LENGTH);
    const nice = Math.min(minMatchLook, NICE);
    let tries = CHAIN;
    let length = prevLength;
    let offset = 0;
    let ok = false;
    if (length >= GOOD) tries >>= 2;
    let wEnd = window[pos + length];
    const minIndex = pos - WINDOW_SIZE;
    for (let i = prevHead; tries > 0; tries--) {
      if (wEnd === window[i + length]) {
        let n = 0;
        while (n < minMatchLook && window[i + n] === window[pos + n]) n++;
        if (n > length && (n > MIN_MATCH_LENGTH || pos - i <= 4096)) {
          length = n;
          offset = pos - i;
          ok = true;
          if (n >= nice) break;
          wEnd = window[pos + n];
        }
      }
      if (i === minIndex) break;
      i = (hashPrev[i & WINDOW_MASK] as number) - hashOffset;
      if (i < minIndex || i < 0) break;
    }
    this.#matchLength = length;
    this.#matchOffset = offset;
    return ok;
  }

  #deflate(): void {
    if (this.#windowEnd - this.#index < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH && !this.#sync) return;
    const window = this.#window;
    this.#maxInsertIndex = this.#windowEnd - (MIN_MATCH_LENGTH - 1);
    for (;;) {
      const lookahead = this.#windowEnd - this.#index;
      if (lookahead < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH) {
        if (!this.#sync) break;
        if (lookahead === 0) {
          if (this.#byteAvailable) {
            this.#tokens.push(LITERAL_TYPE + (window[this.#index - 1] ?? 0));
            this.#byteAvailable = false;
          }
          if (this.#tokens.length > 0) {
            this.#writeBlock(this.#index);
            this.#tokens = [];
          }
          break;
        }
      }
      if (this.#index < this.#maxInsertIndex) {
        const hash = hash4(window, this.#index) & HASH_MASK;
        this.#chainHead = this.#hashHead[hash] ?? 0;
        this.#hashPrev[this.#index & WINDOW_MASK] = this.#chainHead;
        this.#hashHead[hash] = this.#index + this.#hashOffset;
      }
      const prevLength = this.#length;
      const prevOffset = this.#offset;
      this.#length = MIN_MATCH_LENGTH - 1;
      this.#offset = 0;
      const minIndex = Math.max(this.#index - WINDOW_SIZE, 0);
      if (this.#chainHead - this.#hashOffset >= minIndex && lookahead > prevLength && prevLength < LAZY) {
        if (
          this.#findMatch(this.#index, this.#chainHead - this.#hashOffset, MIN_MATCH_LENGTH - 1, lookahead)
        ) {
          this.#length = this.#matchLength;
          this.#offset = this.#matchOffset;
        }
      }
      if (prevLength >= MIN_MATCH_LENGTH && this.#length <= prevLength) {
        // Lazy matching: the previous position's match was at least as long; emit it.
        this.#tokens.push(
          MATCH_TYPE + ((prevLength - BASE_MATCH_LENGTH) << LENGTH_SHIFT) + (prevOffset - BASE_MATCH_OFFSET),
        );
        const newIndex = this.#index + prevLength - 1;
        let index = this.#index;
        for (index++; index < newIndex; index++) {
          if (index < this.#maxInsertIndex) {
            const hash = hash4(window, index) & HASH_MASK;
            this.#hashPrev[index & WINDOW_MASK] = this.#hashHead[hash] ?? 0;
            this.#hashHead[hash] = index + this.#hashOffset;
          }
        }
        this.#index = index;
        this.#byteAvailable = false;
        this.#length = MIN_MATCH_LENGTH - 1;
        if (this.#tokens.length === MAX_FLATE_BLOCK_TOKENS) {
          this.#writeBlock(this.#index);
          this.#tokens = [];
        }
      } else {
        if (this.#byteAvailable) {
          const i = this.#index - 1;
          this.#tokens.push(LITERAL_TYPE + (window[i] ?? 0));
          if (this.#tokens.length === MAX_FLATE_BLOCK_TOKENS) {
            this.#writeBlock(i + 1);
            this.#tokens = [];
          }
        }
        this.#index++;
        this.#byteAvailable = true;
      }
    }
  }
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Go's raw DEFLATE stream of `input` at the default level (`flate.NewWriter(w, 6)`, Write, Close). */
export function goDeflate(input: Uint8Array): Uint8Array {
  return new Compressor().compress(input);
}

/**
 * What Go's `gzip.NewWriter(w)` writes for `input` in one Write and a Close: the 10-byte header
 * with no name, no modification time, XFL 0 and OS 255 (unknown), the DEFLATE stream, CRC-32 and
 * length.
 * @example goGzip(new Uint8Array(1024)).length // 32: the empty layer tar's well-known 32-byte blob
 */
export function goGzip(input: Uint8Array): Uint8Array {
  const body = goDeflate(input);
  const out = new Uint8Array(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff], 0);
  out.set(body, 10);
  const view = new DataView(out.buffer);
  view.setUint32(10 + body.length, crc32(input), true);
  view.setUint32(14 + body.length, input.length >>> 0, true);
  return out;
}
