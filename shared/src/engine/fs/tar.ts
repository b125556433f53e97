/**
 * Layer tars: the canonical encoding Layercake hashes for DiffIDs, and a reader for real layer
 * archives (`docker save`, `ADD local.tar`).
 *
 * Both are written here rather than with modern-tar: its API is asynchronous (streams and
 * promises), while a build step must compute a DiffID synchronously and hash a large simulated file
 * chunk by chunk without materialising the archive. A ustar header is 512 fixed-layout bytes.
 */
import { gunzipSync } from "fflate";
import type { Diagnostic } from "../../core/diagnostics.ts";
import { diagnosticAt } from "../../core/diagnostics.ts";
import { utf8ToBytes } from "../../core/hash.ts";
import { bytesContent } from "./content.ts";
import { createDir, createFile, createSymlink, getNode, setNode, WHITEOUT } from "./tree.ts";
import type { DirNode, FileNode, FsNode, Metadata } from "./types.ts";
import { OPAQUE_WHITEOUT, whiteoutName, whiteoutTarget } from "./whiteout.ts";

// Kept for importers of the archive module; the names live in whiteout.ts.
export { OPAQUE_WHITEOUT, WHITEOUT_PREFIX } from "./whiteout.ts";

const BLOCK = 512;

type EntryType = "file" | "dir" | "symlink" | "hardlink";
const TYPE_FLAGS: Record<EntryType, number> = { file: 0x30, hardlink: 0x31, symlink: 0x32, dir: 0x35 };
const PAX_TYPE_FLAG = 0x78; // "x"

/** A PAX extended header record: `<length> <key>=<value>\n`, where length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = utf8ToBytes(body).length + 1;
  while (`${length}${body}`.length !== length) length = utf8ToBytes(`${length}${body}`).length;
  return `${length}${body}`;
}

/** Header bytes every entry shares: the ustar magic and version, and blank checksum spaces. */
const HEADER_TEMPLATE = (() => {
  const block = new Uint8Array(BLOCK);
  block.fill(0x20, 148, 156);
  block.set([0x75, 0x73, 0x74, 0x61, 0x72, 0, 0x30, 0x30], 257); // "ustar\0" "00"
  return block;
})();

/** The checksum of the template alone; every byte an encoder writes over its zeros adds to it. */
const TEMPLATE_SUM = HEADER_TEMPLATE.reduce((sum, byte) => sum + byte, 0);

const WHITEOUT_META: Metadata = { mode: 0o600, uid: 0, gid: 0, mtime: 0 };
const STAGING_BYTES = 64 * 1024;

/**
 * Writes tar bytes into one reusable staging buffer and hands it to `flush` when full: a layer has
 * thousands of 512-byte headers, and writing them in place (checksum summed while writing) costs
 * neither an allocation nor a second pass per header. Chunks passed to `flush` are views that are
 * overwritten afterwards: a caller that keeps them must copy.
 */
class TarEncoder {
  readonly #flush: (chunk: Uint8Array) => void;
  readonly #buffer = new Uint8Array(STAGING_BYTES);
  #filled = 0;

  constructor(flush: (chunk: Uint8Array) => void) {
    this.#flush = flush;
  }

  #room(bytes: number): void {
    if (this.#filled + bytes > STAGING_BYTES) this.flushPending();
  }

  flushPending(): void {
    if (this.#filled === 0) return;
    this.#flush(this.#buffer.subarray(0, this.#filled));
    this.#filled = 0;
  }

  /**
   * Zero-padded octal digits in `width - 1` bytes at `at` (the NUL after them is the template's);
   * returns the sum of the digits. Integer arithmetic below 2^31, which covers every id, mode and
   * mtime; sizes above it take the float path.
   */
  #octal(at: number, width: number, value: number): number {
    const buffer = this.#buffer;
    let sum = 0;
    if (value >= 0 && value < 0x80000000) {
      let remaining = value | 0;
      for (let position = at + width - 2; position >= at; position -= 1) {
        const digit = 0x30 + (remaining & 7);
        buffer[position] = digit;
        sum += digit;
        remaining >>>= 3;
      }
      return sum;
    }
    let remaining = Math.max(0, Math.floor(value));
    for (let position = at + width - 2; position >= at; position -= 1) {
      const digit = 0x30 + (remaining % 8);
      buffer[position] = digit;
      sum += digit;
      remaining = Math.floor(remaining / 8);
    }
    return sum;
  }

  /**
   * Writes one ustar header block; false (and nothing written) when the name or link target is not
   * ASCII of at most 100 bytes, which the caller then handles.
   */
  #block(name: string, typeFlag: number, meta: Metadata, size: number, linkName: string): boolean {
    if (name.length > 100 || linkName.length > 100) return false;
    this.#room(BLOCK);
    const buffer = this.#buffer;
    const at = this.#filled;
    buffer.set(HEADER_TEMPLATE, at);
    // Names are written in one pass that also sums them and notices a non-ASCII character.
    let sum = TEMPLATE_SUM + typeFlag;
    for (let index = 0; index < name.length; index += 1) {
      const code = name.charCodeAt(index);
      if (code > 0x7f) return false;
      buffer[at + index] = code;
      sum += code;
    }
    for (let index = 0; index < linkName.length; index += 1) {
      const code = linkName.charCodeAt(index);
      if (code > 0x7f) return false;
      buffer[at + 157 + index] = code;
      sum += code;
    }
    this.#finishHeader(at, sum, typeFlag, meta, size);
    return true;
  }

  /** Writes the numeric fields and the type flag, then the checksum over the whole header. */
  #finishHeader(at: number, sum: number, typeFlag: number, meta: Metadata, size: number): void {
    let total = sum;
    total += this.#octal(at + 100, 8, meta.mode & 0o7777);
    total += this.#octal(at + 108, 8, meta.uid);
    total += this.#octal(at + 116, 8, meta.gid);
    total += this.#octal(at + 124, 12, size);
    total += this.#octal(at + 136, 12, meta.mtime);
    this.#buffer[at + 156] = typeFlag;
    this.#checksum(at, total);
  }

  /** A header block for names already known to fit in 100 bytes, in any encoding. */
  #utf8Block(name: Uint8Array, typeFlag: number, meta: Metadata, size: number, linkName: Uint8Array): void {
    this.#room(BLOCK);
    const buffer = this.#buffer;
    const at = this.#filled;
    buffer.set(HEADER_TEMPLATE, at);
    buffer.set(name, at);
    buffer.set(linkName, at + 157);
    let sum = TEMPLATE_SUM + typeFlag;
    for (const byte of name) sum += byte;
    for (const byte of linkName) sum += byte;
    this.#finishHeader(at, sum, typeFlag, meta, size);
  }

  /** The checksum field: six octal digits, NUL, space (the template's spaces were summed). */
  #checksum(at: number, sum: number): void {
    const buffer = this.#buffer;
    let remaining = sum;
    for (let position = at + 153; position >= at + 148; position -= 1) {
      buffer[position] = 0x30 + (remaining & 7);
      remaining >>>= 3;
    }
    buffer[at + 154] = 0;
    this.#filled = at + BLOCK;
  }

  /** The header blocks of one entry, with a PAX header first when a name does not fit ustar. */
  header(name: string, type: EntryType, meta: Metadata, size: number, linkName: string): void {
    const typeFlag = TYPE_FLAGS[type];
    if (this.#block(name, typeFlag, meta, size, linkName)) return;
    const nameBytes = utf8ToBytes(name);
    const linkBytes = utf8ToBytes(linkName);
    if (nameBytes.length <= 100 && linkBytes.length <= 100) {
      this.#utf8Block(nameBytes, typeFlag, meta, size, linkBytes);
      return;
    }
    // PAX (POSIX.1-2001): the full names in an extended header, then the entry with cut names.
    const records = utf8ToBytes(paxRecord("path", name) + paxRecord("linkpath", linkName));
    this.#utf8Block(utf8ToBytes("PaxHeader"), PAX_TYPE_FLAG, meta, records.length, new Uint8Array(0));
    this.data(records);
    this.#utf8Block(
      utf8ToBytes(name.slice(0, 100)).subarray(0, 100),
      typeFlag,
      meta,
      size,
      utf8ToBytes(linkName.slice(0, 100)).subarray(0, 100),
    );
  }

  /** Entry data followed by zeros up to the next 512-byte boundary. */
  data(bytes: Uint8Array): void {
    if (bytes.length > STAGING_BYTES / 4) {
      this.flushPending();
      this.#flush(bytes);
    } else {
      this.#room(bytes.length);
      this.#buffer.set(bytes, this.#filled);
      this.#filled += bytes.length;
    }
    this.pad(bytes.length);
  }

  /** Zeros that complete the last block of `size` bytes of data. */
  pad(size: number): void {
    const rest = size % BLOCK;
    if (rest === 0) return;
    this.#room(BLOCK - rest);
    this.#buffer.fill(0, this.#filled, this.#filled + BLOCK - rest);
    this.#filled += BLOCK - rest;
  }

  /** Two zero blocks end the archive. */
  end(): void {
    this.#room(2 * BLOCK);
    this.#buffer.fill(0, this.#filled, this.#filled + 2 * BLOCK);
    this.#filled += 2 * BLOCK;
    this.flushPending();
  }
}

/**
 * The canonical tar of a changeset tree, passed to `emit` chunk by chunk: entries sorted by path
 * with parents first, no entry for the root, directories as `name/`, whiteouts as empty
 * `.wh.<name>` files (mode 0600, W2), an opaque directory's `.wh..wh..opq` right after the
 * directory (W3), a second path to an inode already written as a hard link (W7), then two zero
 * blocks. The empty changeset is exactly 1024 zero bytes, Docker's empty layer (D6). A callback
 * rather than a generator: a layer has thousands of entries and nested generators cost per yield.
 * `emit` receives views of a reused buffer: copy a chunk to keep it.
 */
export function writeLayerTar(changes: DirNode, emit: (chunk: Uint8Array) => void): void {
  const tar = new TarEncoder(emit);
  const writtenInodes = new Map<number, string>();
  // containerd's differ: unchanged links met before their inode's changed path wait for it.
  const waitingLinks = new Map<number, { path: string; meta: Metadata }[]>();
  const visit = (dir: DirNode, prefix: string): void => {
    // The opaque marker carries its directory's permissions and owner, with mtime 0 (E4).
    if (dir.opaque && prefix !== "") {
      tar.header(`${prefix}${OPAQUE_WHITEOUT}`, "file", { ...dir.meta, mtime: 0 }, 0, "");
    }
    for (const [name, child] of sortedChildren(dir)) {
      const path = `${prefix}${name}`;
      if (child.kind === "whiteout") {
        tar.header(`${prefix}${whiteoutName(name)}`, "file", child.marker ?? WHITEOUT_META, 0, "");
      } else if (child.kind === "dir") {
        tar.header(`${path}/`, "dir", child.meta, 0, "");
        visit(child, `${path}/`);
      } else if (child.kind === "symlink") {
        tar.header(path, "symlink", child.meta, 0, child.target);
      } else {
        const earlier = writtenInodes.get(child.inode);
        if (earlier !== undefined) {
          tar.header(path, "hardlink", child.meta, 0, earlier);
          continue;
        }
        if (child.linkOnly) {
          const waiting = waitingLinks.get(child.inode) ?? [];
          waiting.push({ path, meta: child.meta });
          waitingLinks.set(child.inode, waiting);
          continue;
        }
        writeFile(path, child);
      }
    }
  };
  const writeFile = (path: string, file: FileNode): void => {
    writtenInodes.set(file.inode, path);
    const { content } = file;
    tar.header(path, "file", file.meta, content.size, "");
    if (content.size <= STAGING_BYTES) {
      if (content.size > 0) tar.data(content.bytes());
    } else {
      tar.flushPending();
      for (const chunk of content.chunks ? content.chunks() : [content.bytes()]) {
        if (chunk.length > 0) emit(chunk);
      }
      tar.pad(content.size);
    }
    for (const link of waitingLinks.get(file.inode) ?? [])
      tar.header(link.path, "hardlink", link.meta, 0, path);
    waitingLinks.delete(file.inode);
  };
  visit(changes, "");
  tar.end();
}

/** The children in byte order of their names; most trees are built sorted, so check first. */
function sortedChildren(dir: DirNode): Iterable<[string, FsNode]> {
  let previous = "";
  for (const name of dir.children.keys()) {
    if (name < previous) return [...dir.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    previous = name;
  }
  return dir.children;
}

/** The canonical tar as a list of chunks (see `writeLayerTar`). */
export function layerTarChunks(changes: DirNode): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  writeLayerTar(changes, (chunk) => chunks.push(chunk.slice()));
  return chunks;
}

/** The canonical tar of a changeset as one byte array (see `layerTarChunks`). */
export function encodeLayerTar(changes: DirNode): Uint8Array {
  const chunks = layerTarChunks(changes);
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** One entry read from a tar archive, names cleaned (no leading `./` or `/`, no trailing `/`). */
export interface TarEntry {
  readonly path: string;
  /** The name as the archive stores it (`./a`, `dir/`): what `tar t` prints. */
  readonly storedName: string;
  readonly type: EntryType | "other";
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  readonly linkName: string;
  readonly data: Uint8Array;
}

export interface ReadTarResult {
  readonly entries: TarEntry[];
  readonly diagnostics: Diagnostic[];
}

const decoder = new TextDecoder();

function readText(block: Uint8Array, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return decoder.decode(end === -1 ? slice : slice.subarray(0, end));
}

function readOctal(block: Uint8Array, offset: number, length: number): number {
  // GNU base-256 encoding for large numbers: high bit of the first byte set.
  if (((block[offset] ?? 0) & 0x80) !== 0) {
    let value = 0;
    for (let index = offset + 1; index < offset + length; index += 1)
      value = value * 256 + (block[index] ?? 0);
    return value;
  }
  const text = readText(block, offset, length).trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function parsePax(data: Uint8Array): Record<string, string> {
  const records: Record<string, string> = {};
  const text = decoder.decode(data);
  let index = 0;
  while (index < text.length) {
    const space = text.indexOf(" ", index);
    if (space === -1) break;
    const length = Number.parseInt(text.slice(index, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = text.slice(space + 1, index + length - 1);
    const equals = record.indexOf("=");
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    index += length;
  }
  return records;
}

function cleanName(name: string): string {
  return name
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}

function isZeroBlock(block: Uint8Array): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/**
 * Reads a tar archive (gzip-compressed or not) into entries. Malformed input yields diagnostics
 * naming the archive and the entry, never an exception.
 */
export function readTar(input: Uint8Array, options: { path?: string } = {}): ReadTarResult {
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string) =>
    diagnostics.push(
      diagnosticAt("InvalidLayerArchive", "error", message, { line: 1, column: 1 }, options.path),
    );
  let bytes = input;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      fail(`the archive looks gzip-compressed but cannot be decompressed (${String(error)})`);
      return { entries: [], diagnostics };
    }
  }
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const block = bytes.subarray(offset, offset + BLOCK);
    if (isZeroBlock(block)) break;
    const stored = readOctal(block, 148, 8);
    let sum = 0;
    for (let index = 0; index < BLOCK; index += 1)
      sum += index >= 148 && index < 156 ? 32 : (block[index] ?? 0);
    if (sum !== stored) {
      fail(`entry at byte ${offset} has a bad header checksum: this is not a tar archive, or it is damaged`);
      return { entries, diagnostics };
    }
    const typeFlag = readText(block, 156, 1) || "0";
    const size = readOctal(block, 124, 12);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > bytes.length) {
      fail(`entry "${readText(block, 0, 100)}" at byte ${offset} is cut short: the archive is truncated`);
      return { entries, diagnostics };
    }
    const data = bytes.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeFlag === "x") {
      pax = parsePax(data);
      continue;
    }
    if (typeFlag === "g") continue;
    if (typeFlag === "L") {
      longName = readText(data, 0, data.length);
      continue;
    }
    if (typeFlag === "K") {
      longLink = readText(data, 0, data.length);
      continue;
    }
    const prefix = readText(block, 345, 155);
    const ustarName =
      readText(block, 257, 5) === "ustar" && prefix
        ? `${prefix}/${readText(block, 0, 100)}`
        : readText(block, 0, 100);
    const name = pax.path ?? longName ?? ustarName;
    const linkName = pax.linkpath ?? longLink ?? readText(block, 157, 100);
    const type: TarEntry["type"] =
      typeFlag === "0" || typeFlag === "7"
        ? "file"
        : typeFlag === "5"
          ? "dir"
          : typeFlag === "2"
            ? "symlink"
            : typeFlag === "1"
              ? "hardlink"
              : "other";
    entries.push({
      path: cleanName(name),
      storedName: name,
      type,
      mode: readOctal(block, 100, 8) & 0o7777,
      uid: readOctal(block, 108, 8),
      gid: readOctal(block, 116, 8),
      mtime: pax.mtime ? Math.floor(Number(pax.mtime)) : readOctal(block, 136, 12),
      linkName: type === "hardlink" ? cleanName(linkName) : linkName,
      data,
    });
    pax = {};
    longName = undefined;
    longLink = undefined;
  }
  return { entries, diagnostics };
}

/**
 * A changeset tree from a layer archive: `.wh.<name>` entries become whiteouts and
 * `.wh..wh..opq` marks its directory opaque (both forms are accepted, OCI layer.md), hard links
 * share the inode of their target, parents missing from the archive are created as 0755
 * directories. Returns `undefined` with diagnostics when the bytes are not a readable tar.
 */
export function decodeLayerTar(
  input: Uint8Array,
  options: { path?: string } = {},
): { changes: DirNode | undefined; diagnostics: Diagnostic[] } {
  const { entries, diagnostics } = readTar(input, options);
  if (diagnostics.length > 0 && entries.length === 0) return { changes: undefined, diagnostics };
  let root = createDir();
  for (const entry of entries) {
    if (entry.path === "") continue;
    const parts = entry.path.split("/");
    const name = parts.at(-1) as string;
    const parentParts = parts.slice(0, -1);
    const meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
    if (name === OPAQUE_WHITEOUT) {
      const existing = getNode(root, parentParts);
      const dir = existing?.kind === "dir" ? existing : createDir();
      root = setNode(root, parentParts, { ...dir, opaque: true });
      continue;
    }
    const deleted = whiteoutTarget(name);
    if (deleted !== undefined) {
      root = setNode(root, [...parentParts, deleted], WHITEOUT);
      continue;
    }
    let node: FsNode | undefined;
    if (entry.type === "dir") {
      const existing = getNode(root, parts);
      node = createDir(
        meta,
        existing?.kind === "dir" ? existing.children : new Map(),
        existing?.kind === "dir" && existing.opaque,
      );
    } else if (entry.type === "symlink") node = createSymlink(entry.linkName, meta);
    else if (entry.type === "hardlink") {
      const target = getNode(root, entry.linkName);
      if (target?.kind !== "file") {
        diagnostics.push(
          diagnosticAt(
            "InvalidLayerArchive",
            "error",
            `hard link "${entry.path}" points to "${entry.linkName}", which is not an earlier file in the archive`,
            { line: 1, column: 1 },
            options.path,
          ),
        );
        continue;
      }
      node = { ...target, meta };
    } else if (entry.type === "file") node = createFile(bytesContent(entry.data.slice()), meta);
    if (node) root = setNode(root, parts, node);
  }
  return { changes: root, diagnostics };
}
