/**
 * File contents. Real text and bytes are stored; large simulated payloads (`head -c N /dev/zero`,
 * package installs, catalog base images) are described and only materialised when someone reads
 * them, so a 100 MB layer costs a few bytes until `cat` or a tar encoder asks.
 *
 * `key` identifies the bytes: two contents with the same key have the same bytes. The converse
 * holds for contents of the same kind; across kinds use `contentEquals`, which compares bytes when
 * the contents are small enough.
 */
import { sha256Digest } from "../../core/hash.ts";
import { bytesToText, textToBytes } from "./byte-text.ts";
import type { FileContent } from "./types.ts";

const CHUNK = 64 * 1024;

class StoredContent implements FileContent {
  readonly size: number;
  readonly #bytes: Uint8Array;
  #text: string | undefined;
  #key: string | undefined;
  constructor(bytes: Uint8Array, text?: string) {
    this.#bytes = bytes;
    this.#text = text;
    this.size = bytes.length;
  }
  /** Hashed on first use: most contents (a build context's files) are never compared by key. */
  get key(): string {
    this.#key ??= sha256Digest(this.#bytes);
    return this.#key;
  }
  bytes(): Uint8Array {
    return this.#bytes;
  }
  text(): string {
    this.#text ??= bytesToText(this.#bytes);
    return this.#text;
  }
  *chunks(): Iterable<Uint8Array> {
    yield this.#bytes;
  }
}

/** Content generated on demand, `CHUNK` bytes at a time. */
class GeneratedContent implements FileContent {
  readonly size: number;
  readonly key: string;
  readonly #fill: (offset: number, target: Uint8Array) => void;
  constructor(size: number, key: string, fill: (offset: number, target: Uint8Array) => void) {
    this.size = size;
    this.key = key;
    this.#fill = fill;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    this.#fill(0, out);
    return out;
  }
  text(): string {
    return bytesToText(this.bytes());
  }
  *chunks(): Iterable<Uint8Array> {
    for (let offset = 0; offset < this.size; offset += CHUNK) {
      const chunk = new Uint8Array(Math.min(CHUNK, this.size - offset));
      this.#fill(offset, chunk);
      yield chunk;
    }
  }
}

/** Zeros need no generating: every chunk is a view of one shared zero block. */
class ZeroContent extends GeneratedContent {
  constructor(size: number) {
    super(size, `zero:${size}`, (_offset, target) => target.fill(0));
  }
  override *chunks(): Iterable<Uint8Array> {
    const zeros = new Uint8Array(CHUNK);
    for (let offset = 0; offset < this.size; offset += CHUNK)
      yield zeros.subarray(0, Math.min(CHUNK, this.size - offset));
  }
}

/**
 * How a generated content was made, so that a saved daemon state can store the recipe of a 100 MB
 * payload instead of its bytes. Contents holding their bytes have no recipe.
 */
export type ContentRecipe =
  | { readonly kind: "zero"; readonly size: number }
  | { readonly kind: "synthetic"; readonly seed: string; readonly size: number }
  | { readonly kind: "concat"; readonly parts: readonly [FileContent, FileContent] };

const recipes = new WeakMap<FileContent, ContentRecipe>();

/** The recipe of a generated content (`zeroContent`, `syntheticContent`, a large `concatContent`). */
export function readContentRecipe(content: FileContent): ContentRecipe | undefined {
  return recipes.get(content);
}

/** The content a recipe makes (same bytes and key as the content it was read from). */
export function contentFromRecipe(recipe: ContentRecipe): FileContent {
  if (recipe.kind === "zero") return zeroContent(recipe.size);
  if (recipe.kind === "synthetic") return syntheticContent(recipe.seed, recipe.size);
  return concatContent(recipe.parts[0], recipe.parts[1]);
}

/** UTF-8 text content (bytes a stream carried come back as they were: see byte-text.ts). */
export function textContent(text: string): FileContent {
  return new StoredContent(textToBytes(text), text);
}

/** Raw bytes (the array is kept, not copied: do not mutate it afterwards). */
export function bytesContent(bytes: Uint8Array): FileContent {
  return new StoredContent(bytes);
}

export const EMPTY_CONTENT: FileContent = textContent("");

/** `size` zero bytes, as `head -c N /dev/zero` or `dd if=/dev/zero` write them. */
export function zeroContent(size: number): FileContent {
  if (size === 0) return EMPTY_CONTENT;
  const content = new ZeroContent(size);
  recipes.set(content, { kind: "zero", size });
  return content;
}

/** A 32-bit seed from a string (FNV-1a). */
function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One block of xorshift noise, made once; every synthetic payload is this block re-keyed per chunk. */
let noise: Uint32Array | undefined;
function noiseBlock(): Uint32Array {
  if (noise === undefined) {
    noise = new Uint32Array(CHUNK / 4);
    let x = 0x2545f491;
    for (let index = 0; index < noise.length; index += 1) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      noise[index] = x >>> 0;
    }
  }
  return noise;
}

/** Fills `target` with the payload bytes from `offset` on; chunk-aligned, so any chunk stands alone. */
function fillSynthetic(seed: number, offset: number, target: Uint8Array): void {
  const block = noiseBlock();
  for (let start = 0; start < target.length; ) {
    const position = offset + start;
    const chunkIndex = Math.floor(position / CHUNK);
    const within = position % CHUNK;
    const length = Math.min(CHUNK - within, target.length - start);
    const key = (seed ^ Math.imul(chunkIndex + 1, 0x9e3779b1)) >>> 0;
    const segment = target.subarray(start, start + length);
    if (within === 0 && segment.byteOffset % 4 === 0) {
      const words = new Uint32Array(segment.buffer, segment.byteOffset, length >>> 2);
      for (let index = 0; index < words.length; index += 1) words[index] = (block[index] as number) ^ key;
      for (let index = words.length * 4; index < length; index += 1) {
        segment[index] = (((block[index >>> 2] as number) ^ key) >>> ((index & 3) * 8)) & 0xff;
      }
    } else {
      for (let index = 0; index < length; index += 1) {
        const at = within + index;
        segment[index] = (((block[at >>> 2] as number) ^ key) >>> ((at & 3) * 8)) & 0xff;
      }
    }
    start += length;
  }
}

/**
 * Deterministic pseudo-random bytes standing for a simulated binary or package payload: the same
 * seed and size always give the same bytes, and different seeds give different keys.
 */
export function syntheticContent(seed: string, size: number): FileContent {
  if (size === 0) return EMPTY_CONTENT;
  const base = seedFrom(seed);
  const content = new GeneratedContent(size, `synthetic:${seed}:${size}`, (offset, target) =>
    fillSynthetic(base, offset, target),
  );
  recipes.set(content, { kind: "synthetic", seed, size });
  return content;
}

/** `a` followed by `b` (what `>>` appends). */
export function concatContent(a: FileContent, b: FileContent): FileContent {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  if (a.size + b.size <= CHUNK) {
    const out = new Uint8Array(a.size + b.size);
    out.set(a.bytes());
    out.set(b.bytes(), a.size);
    return bytesContent(out);
  }
  const content = new GeneratedContent(a.size + b.size, `concat:${a.key}+${b.key}`, (offset, target) => {
    const end = offset + target.length;
    if (offset < a.size) target.set(a.bytes().subarray(offset, Math.min(end, a.size)), 0);
    if (end > a.size)
      target.set(
        b.bytes().subarray(Math.max(0, offset - a.size), end - a.size),
        Math.max(0, a.size - offset),
      );
  });
  recipes.set(content, { kind: "concat", parts: [a, b] });
  return content;
}

/** True when both contents hold the same bytes. */
export function contentEquals(a: FileContent, b: FileContent): boolean {
  if (a === b || a.key === b.key) return true;
  if (a.size !== b.size) return false;
  if (a.size > 4 * CHUNK) return false;
  const left = a.bytes();
  const right = b.bytes();
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) return false;
  return true;
}
