/**
 * Generated file contents for applets that write large outputs (`dd`, `truncate`, `head -c`,
 * `yes`): described by size and pattern and produced a chunk at a time, so a 5 GB file of zeros
 * costs what a 5-byte one does until someone reads its bytes. Tar and hashing code reads them
 * through `chunks()`, so a layer's DiffID and size stay exact.
 */
import { sha256Digest } from "../../../core/hash.ts";
import { bytesContent, EMPTY_CONTENT, zeroContent } from "../../fs/content.ts";
import type { FileContent } from "../../fs/types.ts";

const CHUNK = 64 * 1024;
const decoder = new TextDecoder();

/** Contents at or below this size are simply stored. */
const SMALL = CHUNK;

abstract class LazyContent implements FileContent {
  abstract readonly size: number;
  abstract readonly key: string;
  /** Writes the bytes from `offset` into `target` (its length bytes). */
  abstract fill(offset: number, target: Uint8Array): void;
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    this.fill(0, out);
    return out;
  }
  text(): string {
    return decoder.decode(this.bytes());
  }
  *chunks(): Iterable<Uint8Array> {
    for (let offset = 0; offset < this.size; offset += CHUNK) {
      const chunk = new Uint8Array(Math.min(CHUNK, this.size - offset));
      this.fill(offset, chunk);
      yield chunk;
    }
  }
}

/** `pattern` repeated to `size` bytes (`yes | head -c 1G`). */
class RepeatContent extends LazyContent {
  readonly size: number;
  readonly key: string;
  readonly #pattern: Uint8Array;
  readonly #block: Uint8Array;
  constructor(pattern: Uint8Array, size: number) {
    super();
    this.size = size;
    this.#pattern = pattern;
    this.key = `repeat:${sha256Digest(pattern)}:${size}`;
    // A block that holds whole patterns, so each fill copies from an aligned position.
    const repeats = Math.max(1, Math.floor(CHUNK / pattern.length));
    this.#block = new Uint8Array(pattern.length * (repeats + 1));
    for (let at = 0; at < this.#block.length; at += pattern.length) this.#block.set(pattern, at);
  }
  fill(offset: number, target: Uint8Array): void {
    const period = this.#pattern.length;
    let written = 0;
    while (written < target.length) {
      const phase = (offset + written) % period;
      const length = Math.min(target.length - written, this.#block.length - phase);
      target.set(this.#block.subarray(phase, phase + length), written);
      written += length;
    }
  }
}

/** Part of another content: `dd skip=… count=…`, `tail -c`. */
class SliceContent extends LazyContent {
  readonly size: number;
  readonly key: string;
  readonly #source: FileContent;
  readonly #start: number;
  constructor(source: FileContent, start: number, size: number) {
    super();
    this.#source = source;
    this.#start = start;
    this.size = size;
    this.key = `slice:${source.key}:${start}:${size}`;
  }
  fill(offset: number, target: Uint8Array): void {
    fillFrom(this.#source, this.#start + offset, target);
  }
}

/** Contents one after another (`dd seek=…`, `cat big1 big2 > f`). */
class JoinedContent extends LazyContent {
  readonly size: number;
  readonly key: string;
  readonly parts: readonly FileContent[];
  constructor(parts: readonly FileContent[]) {
    super();
    this.parts = parts;
    this.size = parts.reduce((sum, part) => sum + part.size, 0);
    this.key = `join:${parts.map((part) => part.key).join("+")}`;
  }
  fill(offset: number, target: Uint8Array): void {
    let partStart = 0;
    let written = 0;
    for (const part of this.parts) {
      const partEnd = partStart + part.size;
      const from = offset + written;
      if (from < partEnd && written < target.length) {
        const length = Math.min(partEnd - from, target.length - written);
        fillFrom(part, from - partStart, target.subarray(written, written + length));
        written += length;
      }
      partStart = partEnd;
      if (written >= target.length) break;
    }
  }
}

/** Copies `target.length` bytes of `content` from `offset`, without materialising a large content. */
function fillFrom(content: FileContent, offset: number, target: Uint8Array): void {
  if (content instanceof LazyContent) {
    content.fill(offset, target);
    return;
  }
  if (content.key.startsWith("zero:")) {
    target.fill(0);
    return;
  }
  if (content.size <= 4 * CHUNK || !content.chunks) {
    target.set(content.bytes().subarray(offset, offset + target.length));
    return;
  }
  let position = 0;
  let written = 0;
  for (const chunk of content.chunks()) {
    const end = position + chunk.length;
    if (end > offset + written && written < target.length) {
      const from = offset + written - position;
      const length = Math.min(chunk.length - from, target.length - written);
      target.set(chunk.subarray(from, from + length), written);
      written += length;
    }
    position = end;
    if (written >= target.length) break;
  }
}

function materialiseIfSmall(content: LazyContent): FileContent {
  return content.size <= SMALL ? bytesContent(content.bytes()) : content;
}

export function repeatContent(pattern: Uint8Array, size: number): FileContent {
  if (size === 0) return EMPTY_CONTENT;
  if (pattern.length === 1 && pattern[0] === 0) return zeroContent(size);
  return materialiseIfSmall(new RepeatContent(pattern, size));
}

export function sliceContent(source: FileContent, start: number, size: number): FileContent {
  const begin = Math.min(start, source.size);
  const length = Math.max(0, Math.min(size, source.size - begin));
  if (length === 0) return EMPTY_CONTENT;
  if (begin === 0 && length === source.size) return source;
  if (source.key.startsWith("zero:")) return zeroContent(length);
  return materialiseIfSmall(new SliceContent(source, begin, length));
}

/** Stored parts up to this total are copied into one stored content. */
const STORED_JOIN = 32 * 1024 * 1024;

export function joinContents(parts: readonly FileContent[]): FileContent {
  const nonEmpty = parts
    .flatMap((part) => (part instanceof JoinedContent ? part.parts : [part]))
    .filter((part) => part.size > 0);
  if (nonEmpty.length === 0) return EMPTY_CONTENT;
  if (nonEmpty.length === 1) return nonEmpty[0] as FileContent;
  if (nonEmpty.every((part) => part.key.startsWith("zero:")))
    return zeroContent(nonEmpty.reduce((sum, part) => sum + part.size, 0));
  const total = nonEmpty.reduce((sum, part) => sum + part.size, 0);
  if (total <= STORED_JOIN && !nonEmpty.some(isGenerated)) {
    const out = new Uint8Array(total);
    let at = 0;
    for (const part of nonEmpty) {
      out.set(part.bytes(), at);
      at += part.size;
    }
    return bytesContent(out);
  }
  return materialiseIfSmall(new JoinedContent(nonEmpty));
}

/** True when the content is generated (no stored bytes): zeros, repeats, slices and joins of them. */
export function isGenerated(content: FileContent): boolean {
  return content instanceof LazyContent || content.key.startsWith("zero:");
}
