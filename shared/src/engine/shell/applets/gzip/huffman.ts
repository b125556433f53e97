/**
 * The block writer of busybox's gzip (archival/gzip.c, "trees.c" part, itself gzip 1.2.4's
 * trees.c by Jean-loup Gailly): per block it builds the literal/length and distance Huffman trees
 * with the same heap, tie-breaks and length limiting, then emits a stored, static or dynamic block
 * by the same size comparison, so the bits match busybox's output exactly. Written afresh in
 * TypeScript from the algorithm; RFC 1951 fixes the block formats.
 */

const MAX_BITS = 15;
const MAX_BL_BITS = 7;
const LENGTH_CODES = 29;
const LITERALS = 256;
const END_BLOCK = 256;
const L_CODES = LITERALS + 1 + LENGTH_CODES;
const D_CODES = 30;
const BL_CODES = 19;
const HEAP_SIZE = 2 * L_CODES + 1;
const REP_3_6 = 16;
const REPZ_3_10 = 17;
const REPZ_11_138 = 18;

const EXTRA_LENGTH_BITS = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const EXTRA_DISTANCE_BITS = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const EXTRA_BIT_LENGTH_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
/** RFC 1951 3.2.7: the order in which the code-length code lengths are sent. */
const BIT_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A tree's nodes as parallel arrays: frequency (then code) and father (then bit length). */
interface Tree {
  readonly frequency: Uint32Array;
  readonly code: Uint16Array;
  readonly father: Uint16Array;
  readonly length: Uint16Array;
}

interface TreeDescription {
  readonly tree: Tree;
  readonly staticTree: Tree | undefined;
  readonly extraBits: readonly number[];
  readonly extraBase: number;
  readonly elements: number;
  readonly maxLength: number;
  maxCode: number;
}

function makeTree(size: number): Tree {
  return {
    frequency: new Uint32Array(size),
    code: new Uint16Array(size),
    father: new Uint16Array(size),
    length: new Uint16Array(size),
  };
}

function reverseBits(code: number, length: number): number {
  let result = 0;
  for (let left = length; left > 0; left -= 1) {
    result = (result << 1) | (code & 1);
    code >>>= 1;
  }
  return result;
}

/** The fixed tables: length and distance codes with their bases, and the static trees. */
const LENGTH_CODE = new Uint8Array(256);
const BASE_LENGTH: number[] = [];
const DISTANCE_CODE = new Uint8Array(512);
const BASE_DISTANCE: number[] = [];
const STATIC_LITERALS = makeTree(L_CODES + 2);
const STATIC_DISTANCES = makeTree(D_CODES);
{
  let length = 0;
  let code = 0;
  for (; code < LENGTH_CODES - 1; code += 1) {
    BASE_LENGTH[code] = length;
    for (let n = 0; n < 1 << (EXTRA_LENGTH_BITS[code] as number); n += 1) LENGTH_CODE[length++] = code;
  }
  // Length 258 can be code 284 + 5 bits or code 285: gzip overwrites the last entry to use 285.
  LENGTH_CODE[length - 1] = code;
  let distance = 0;
  for (code = 0; code < 16; code += 1) {
    BASE_DISTANCE[code] = distance;
    for (let n = 0; n < 1 << (EXTRA_DISTANCE_BITS[code] as number); n += 1) DISTANCE_CODE[distance++] = code;
  }
  distance >>= 7;
  for (; code < D_CODES; code += 1) {
    BASE_DISTANCE[code] = distance << 7;
    for (let n = 0; n < 1 << ((EXTRA_DISTANCE_BITS[code] as number) - 7); n += 1)
      DISTANCE_CODE[256 + distance++] = code;
  }
  const lengths = STATIC_LITERALS.length;
  for (let n = 0; n <= 287; n += 1) lengths[n] = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8;
  const counts = new Uint32Array(MAX_BITS + 1);
  counts[7] = 279 - 255;
  counts[8] = 143 + 1 + (287 - 279);
  counts[9] = 255 - 143;
  generateCodes(STATIC_LITERALS, L_CODES + 1, counts);
  for (let n = 0; n < D_CODES; n += 1) {
    STATIC_DISTANCES.length[n] = 5;
    STATIC_DISTANCES.code[n] = reverseBits(n, 5);
  }
}

function distanceCode(distanceMinusOne: number): number {
  return distanceMinusOne < 256
    ? (DISTANCE_CODE[distanceMinusOne] as number)
    : (DISTANCE_CODE[256 + (distanceMinusOne >> 7)] as number);
}

function generateCodes(tree: Tree, maxCode: number, counts: Uint32Array): void {
  const next = new Uint32Array(MAX_BITS + 1);
  let code = 0;
  for (let bits = 1; bits <= MAX_BITS; bits += 1) {
    code = (code + (counts[bits - 1] as number)) << 1;
    next[bits] = code;
  }
  for (let n = 0; n <= maxCode; n += 1) {
    const length = tree.length[n] as number;
    if (length === 0) continue;
    tree.code[n] = reverseBits((next[length] as number)++, length);
  }
}

/** The bit stream, least significant bit first (RFC 1951 3.1.1). */
export class BitWriter {
  private bytes = new Uint8Array(1024);
  private used = 0;
  private buffer = 0;
  private valid = 0;

  byte(value: number): void {
    if (this.used === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.used++] = value & 0xff;
  }

  bits(value: number, length: number): void {
    this.buffer |= value << this.valid;
    this.valid += length;
    while (this.valid >= 8) {
      this.byte(this.buffer);
      this.buffer >>>= 8;
      this.valid -= 8;
    }
  }

  /** Pads to a byte boundary with zero bits. */
  windup(): void {
    if (this.valid > 0) this.byte(this.buffer);
    this.buffer = 0;
    this.valid = 0;
  }

  result(): Uint8Array<ArrayBuffer> {
    return this.bytes.slice(0, this.used);
  }
}

/**
 * The symbols of the current block and the trees built from them. `tally` records a literal or a
 * match and says when gzip would end the block; `flush` writes it.
 */
export class BlockWriter {
  private readonly literalTree = makeTree(HEAP_SIZE);
  private readonly distanceTree = makeTree(2 * D_CODES + 1);
  private readonly bitLengthTree = makeTree(2 * BL_CODES + 1);
  private readonly literals: TreeDescription;
  private readonly distances: TreeDescription;
  private readonly bitLengths: TreeDescription;
  private readonly heap = new Uint16Array(HEAP_SIZE);
  private heapLength = 0;
  private heapMax = 0;
  private readonly depth = new Uint8Array(2 * L_CODES + 1);
  private readonly bitLengthCount = new Uint32Array(MAX_BITS + 1);
  /** Literal bytes or match lengths - 3, with a flag saying which, and the match distances - 1. */
  private readonly symbols: Uint8Array;
  private readonly isMatch: Uint8Array;
  private readonly distanceBuffer: Uint16Array;
  private lastLiteral = 0;
  private lastDistance = 0;
  private optimalLength = 0;
  private staticLength = 0;

  private readonly out: BitWriter;
  private readonly literalBufferSize: number;
  private readonly distanceBufferSize: number;

  constructor(out: BitWriter, literalBufferSize: number, distanceBufferSize: number) {
    this.out = out;
    this.literalBufferSize = literalBufferSize;
    this.distanceBufferSize = distanceBufferSize;
    this.symbols = new Uint8Array(literalBufferSize);
    this.isMatch = new Uint8Array(literalBufferSize);
    this.distanceBuffer = new Uint16Array(distanceBufferSize);
    this.literals = {
      tree: this.literalTree,
      staticTree: STATIC_LITERALS,
      extraBits: EXTRA_LENGTH_BITS,
      extraBase: LITERALS + 1,
      elements: L_CODES,
      maxLength: MAX_BITS,
      maxCode: 0,
    };
    this.distances = {
      tree: this.distanceTree,
      staticTree: STATIC_DISTANCES,
      extraBits: EXTRA_DISTANCE_BITS,
      extraBase: 0,
      elements: D_CODES,
      maxLength: MAX_BITS,
      maxCode: 0,
    };
    this.bitLengths = {
      tree: this.bitLengthTree,
      staticTree: undefined,
      extraBits: EXTRA_BIT_LENGTH_BITS,
      extraBase: 0,
      elements: BL_CODES,
      maxLength: MAX_BL_BITS,
      maxCode: 0,
    };
    this.initBlock();
  }

  private initBlock(): void {
    this.literalTree.frequency.fill(0, 0, L_CODES);
    this.distanceTree.frequency.fill(0, 0, D_CODES);
    this.bitLengthTree.frequency.fill(0, 0, BL_CODES);
    this.literalTree.frequency[END_BLOCK] = 1;
    this.optimalLength = 0;
    this.staticLength = 0;
    this.lastLiteral = 0;
    this.lastDistance = 0;
  }

  /**
   * Records a literal (`distance` 0, `literalOrLength` the byte) or a match (`literalOrLength` =
   * length - 3). True when the block should end here: its buffers are full, or (every 4096
   * symbols) gzip's estimate says the block compresses well enough to close it.
   */
  tally(distance: number, literalOrLength: number, strstart: number, blockStart: number): boolean {
    this.symbols[this.lastLiteral] = literalOrLength;
    if (distance === 0) {
      this.isMatch[this.lastLiteral] = 0;
      (this.literalTree.frequency[literalOrLength] as number)++;
    } else {
      this.isMatch[this.lastLiteral] = 1;
      const distanceMinusOne = distance - 1;
      (this.literalTree.frequency[(LENGTH_CODE[literalOrLength] as number) + LITERALS + 1] as number)++;
      (this.distanceTree.frequency[distanceCode(distanceMinusOne)] as number)++;
      this.distanceBuffer[this.lastDistance++] = distanceMinusOne;
    }
    this.lastLiteral += 1;
    if ((this.lastLiteral & 0xfff) === 0) {
      let outLength = this.lastLiteral * 8;
      const inLength = strstart - blockStart;
      for (let code = 0; code < D_CODES; code += 1)
        outLength +=
          (this.distanceTree.frequency[code] as number) * (5 + (EXTRA_DISTANCE_BITS[code] as number));
      outLength = Math.floor(outLength / 8);
      if (this.lastDistance < Math.floor(this.lastLiteral / 2) && outLength < Math.floor(inLength / 2))
        return true;
    }
    return this.lastLiteral === this.literalBufferSize - 1 || this.lastDistance === this.distanceBufferSize;
  }

  /** Ends the block: the cheapest of stored (when its bytes are still in `stored`), static or dynamic. */
  flush(stored: Uint8Array | undefined, storedLength: number, last: boolean): void {
    this.buildTree(this.literals);
    this.buildTree(this.distances);
    const maxBitLengthIndex = this.buildBitLengthTree();
    let optimalBytes = Math.floor((this.optimalLength + 3 + 7) / 8);
    const staticBytes = Math.floor((this.staticLength + 3 + 7) / 8);
    if (staticBytes <= optimalBytes) optimalBytes = staticBytes;
    const eof = last ? 1 : 0;
    if (storedLength + 4 <= optimalBytes && stored !== undefined) {
      this.out.bits(eof, 3);
      this.out.windup();
      this.out.byte(storedLength);
      this.out.byte(storedLength >> 8);
      this.out.byte(~storedLength);
      this.out.byte(~storedLength >> 8);
      for (let index = 0; index < storedLength; index += 1) this.out.byte(stored[index] as number);
    } else if (staticBytes === optimalBytes) {
      this.out.bits((1 << 1) + eof, 3);
      this.compressBlock(STATIC_LITERALS, STATIC_DISTANCES);
    } else {
      this.out.bits((2 << 1) + eof, 3);
      this.sendAllTrees(this.literals.maxCode + 1, this.distances.maxCode + 1, maxBitLengthIndex + 1);
      this.compressBlock(this.literalTree, this.distanceTree);
    }
    this.initBlock();
    if (last) this.out.windup();
  }

  /** Is node n's subtree lighter than m's (the shallower one on a tie)? */
  private smaller(tree: Tree, n: number, m: number): boolean {
    const fn = tree.frequency[n] as number;
    const fm = tree.frequency[m] as number;
    return fn < fm || (fn === fm && (this.depth[n] as number) <= (this.depth[m] as number));
  }

  private downHeap(tree: Tree, start: number): void {
    const heap = this.heap;
    const value = heap[start] as number;
    let k = start;
    let j = k << 1;
    while (j <= this.heapLength) {
      if (j < this.heapLength && this.smaller(tree, heap[j + 1] as number, heap[j] as number)) j += 1;
      if (this.smaller(tree, value, heap[j] as number)) break;
      heap[k] = heap[j] as number;
      k = j;
      j <<= 1;
    }
    heap[k] = value;
  }

  private buildTree(description: TreeDescription): void {
    const { tree, staticTree, elements } = description;
    const heap = this.heap;
    let maxCode = -1;
    let node = elements;
    this.heapLength = 0;
    this.heapMax = HEAP_SIZE;
    for (let n = 0; n < elements; n += 1) {
      if (tree.frequency[n] !== 0) {
        heap[++this.heapLength] = n;
        maxCode = n;
        this.depth[n] = 0;
      } else tree.length[n] = 0;
    }
    // The format needs at least two codes: gzip forces codes 0 and 1 (or 0) in with frequency 1.
    while (this.heapLength < 2) {
      const added = maxCode < 2 ? ++maxCode : 0;
      heap[++this.heapLength] = added;
      tree.frequency[added] = 1;
      this.depth[added] = 0;
      this.optimalLength -= 1;
      if (staticTree) this.staticLength -= staticTree.length[added] as number;
    }
    description.maxCode = maxCode;
    for (let n = this.heapLength >> 1; n >= 1; n -= 1) this.downHeap(tree, n);
    do {
      const n = heap[1] as number;
      heap[1] = heap[this.heapLength--] as number;
      this.downHeap(tree, 1);
      const m = heap[1] as number;
      heap[--this.heapMax] = n;
      heap[--this.heapMax] = m;
      tree.frequency[node] = (tree.frequency[n] as number) + (tree.frequency[m] as number);
      this.depth[node] = Math.max(this.depth[n] as number, this.depth[m] as number) + 1;
      tree.father[n] = node;
      tree.father[m] = node;
      heap[1] = node++;
      this.downHeap(tree, 1);
    } while (this.heapLength >= 2);
    heap[--this.heapMax] = heap[1] as number;
    this.generateBitLengths(description);
    generateCodes(tree, maxCode, this.bitLengthCount);
  }

  private generateBitLengths(description: TreeDescription): void {
    const { tree, staticTree, extraBits, extraBase, maxLength, maxCode } = description;
    const heap = this.heap;
    const counts = this.bitLengthCount;
    counts.fill(0);
    tree.length[heap[this.heapMax] as number] = 0;
    let overflow = 0;
    let h = this.heapMax + 1;
    for (; h < HEAP_SIZE; h += 1) {
      const n = heap[h] as number;
      let bits = (tree.length[tree.father[n] as number] as number) + 1;
      if (bits > maxLength) {
        bits = maxLength;
        overflow += 1;
      }
      tree.length[n] = bits;
      if (n > maxCode) continue;
      (counts[bits] as number)++;
      const extra = n >= extraBase ? (extraBits[n - extraBase] as number) : 0;
      const frequency = tree.frequency[n] as number;
      this.optimalLength += frequency * (bits + extra);
      if (staticTree) this.staticLength += frequency * ((staticTree.length[n] as number) + extra);
    }
    if (overflow === 0) return;
    do {
      let bits = maxLength - 1;
      while (counts[bits] === 0) bits -= 1;
      (counts[bits] as number)--;
      (counts[bits + 1] as number) += 2;
      (counts[maxLength] as number)--;
      overflow -= 2;
    } while (overflow > 0);
    for (let bits = maxLength; bits !== 0; bits -= 1) {
      let n = counts[bits] as number;
      while (n !== 0) {
        const m = heap[--h] as number;
        if (m > maxCode) continue;
        if (tree.length[m] !== bits) {
          this.optimalLength += (bits - (tree.length[m] as number)) * (tree.frequency[m] as number);
          tree.length[m] = bits;
        }
        n -= 1;
      }
    }
  }

  /** Counts the run-length codes that would send a tree's bit lengths (RFC 1951 3.2.7). */
  private scanTree(tree: Tree, maxCode: number): void {
    const frequencies = this.bitLengthTree.frequency;
    let previous = -1;
    let next = tree.length[0] as number;
    let count = 0;
    let maxCount = next === 0 ? 138 : 7;
    let minCount = next === 0 ? 3 : 4;
    tree.length[maxCode + 1] = 0xffff;
    for (let n = 0; n <= maxCode; n += 1) {
      const current = next;
      next = tree.length[n + 1] as number;
      if (++count < maxCount && current === next) continue;
      if (count < minCount) (frequencies[current] as number) += count;
      else if (current !== 0) {
        if (current !== previous) (frequencies[current] as number)++;
        (frequencies[REP_3_6] as number)++;
      } else if (count <= 10) (frequencies[REPZ_3_10] as number)++;
      else (frequencies[REPZ_11_138] as number)++;
      count = 0;
      previous = current;
      if (next === 0) {
        maxCount = 138;
        minCount = 3;
      } else if (current === next) {
        maxCount = 6;
        minCount = 3;
      } else {
        maxCount = 7;
        minCount = 4;
      }
    }
  }

  private sendCode(code: number, tree: Tree): void {
    this.out.bits(tree.code[code] as number, tree.length[code] as number);
  }

  private sendTree(tree: Tree, maxCode: number): void {
    const bitLengths = this.bitLengthTree;
    let previous = -1;
    let next = tree.length[0] as number;
    let count = 0;
    let maxCount = next === 0 ? 138 : 7;
    let minCount = next === 0 ? 3 : 4;
    for (let n = 0; n <= maxCode; n += 1) {
      const current = next;
      next = tree.length[n + 1] as number;
      if (++count < maxCount && current === next) continue;
      if (count < minCount) {
        do this.sendCode(current, bitLengths);
        while (--count);
      } else if (current !== 0) {
        if (current !== previous) {
          this.sendCode(current, bitLengths);
          count -= 1;
        }
        this.sendCode(REP_3_6, bitLengths);
        this.out.bits(count - 3, 2);
      } else if (count <= 10) {
        this.sendCode(REPZ_3_10, bitLengths);
        this.out.bits(count - 3, 3);
      } else {
        this.sendCode(REPZ_11_138, bitLengths);
        this.out.bits(count - 11, 7);
      }
      count = 0;
      previous = current;
      if (next === 0) {
        maxCount = 138;
        minCount = 3;
      } else if (current === next) {
        maxCount = 6;
        minCount = 3;
      } else {
        maxCount = 7;
        minCount = 4;
      }
    }
  }

  private buildBitLengthTree(): number {
    this.scanTree(this.literalTree, this.literals.maxCode);
    this.scanTree(this.distanceTree, this.distances.maxCode);
    this.buildTree(this.bitLengths);
    let maxIndex = BL_CODES - 1;
    for (; maxIndex >= 3; maxIndex -= 1)
      if (this.bitLengthTree.length[BIT_LENGTH_ORDER[maxIndex] as number] !== 0) break;
    this.optimalLength += 3 * (maxIndex + 1) + 5 + 5 + 4;
    return maxIndex;
  }

  private sendAllTrees(literalCodes: number, distanceCodes: number, bitLengthCodes: number): void {
    this.out.bits(literalCodes - 257, 5);
    this.out.bits(distanceCodes - 1, 5);
    this.out.bits(bitLengthCodes - 4, 4);
    for (let rank = 0; rank < bitLengthCodes; rank += 1)
      this.out.bits(this.bitLengthTree.length[BIT_LENGTH_ORDER[rank] as number] as number, 3);
    this.sendTree(this.literalTree, literalCodes - 1);
    this.sendTree(this.distanceTree, distanceCodes - 1);
  }

  private compressBlock(literalTree: Tree, distanceTree: Tree): void {
    let distanceIndex = 0;
    for (let index = 0; index < this.lastLiteral; index += 1) {
      let value = this.symbols[index] as number;
      if (this.isMatch[index] === 0) {
        this.sendCode(value, literalTree);
        continue;
      }
      let code = LENGTH_CODE[value] as number;
      this.sendCode(code + LITERALS + 1, literalTree);
      let extra = EXTRA_LENGTH_BITS[code] as number;
      if (extra !== 0) this.out.bits(value - (BASE_LENGTH[code] as number), extra);
      value = this.distanceBuffer[distanceIndex++] as number;
      code = distanceCode(value);
      this.sendCode(code, distanceTree);
      extra = EXTRA_DISTANCE_BITS[code] as number;
      if (extra !== 0) this.out.bits(value - (BASE_DISTANCE[code] as number), extra);
    }
    this.sendCode(END_BLOCK, literalTree);
  }
}
