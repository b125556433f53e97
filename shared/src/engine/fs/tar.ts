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
import type { DirNode, FileContent, FsNode, Metadata } from "./types.ts";

const BLOCK = 512;
/** OCI layer.md "Whiteouts": the prefix of a deleted entry's marker file. */
export const WHITEOUT_PREFIX = ".wh.";
/** OCI layer.md "Opaque Whiteout": hides every lower child of its directory. */
export const OPAQUE_WHITEOUT = ".wh..wh..opq";

type EntryType = "file" | "dir" | "symlink" | "hardlink";
const TYPE_FLAGS: Record<EntryType, string> = { file: "0", hardlink: "1", symlink: "2", dir: "5" };

interface HeaderFields {
  name: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkName: string;
}

function writeText(block: Uint8Array, offset: number, length: number, text: string): void {
  // Header fields are mostly ASCII (octal numbers, magic): write those without an encoder.
  let ascii = true;
  for (let index = 0; index < text.length && index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) {
      ascii = false;
      break;
    }
    block[offset + index] = code;
  }
  if (!ascii) block.set(utf8ToBytes(text).subarray(0, length), offset);
}

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
  writeText(block, 148, 8, "        ");
  writeText(block, 257, 6, "ustar\0");
  writeText(block, 263, 2, "00");
  return block;
})();

const TEMPLATE_TAIL_SUM = HEADER_TEMPLATE.subarray(257).reduce((sum, byte) => sum + byte, 0);

/** Writes `value` as zero-padded octal digits followed by NUL, in `width` bytes. */
function writeOctal(block: Uint8Array, offset: number, width: number, value: number): void {
  let remaining = Math.max(0, Math.floor(value));
  block[offset + width - 1] = 0;
  for (let position = offset + width - 2; position >= offset; position -= 1) {
    block[position] = 0x30 + (remaining % 8);
    remaining = Math.floor(remaining / 8);
  }
}

function headerBlock(fields: HeaderFields, typeFlag = TYPE_FLAGS[fields.type]): Uint8Array {
  // Many headers per layer: copy a template and write numbers digit by digit, without strings.
  const block = HEADER_TEMPLATE.slice();
  writeText(block, 0, 100, fields.name);
  writeOctal(block, 100, 8, fields.mode & 0o7777);
  writeOctal(block, 108, 8, fields.uid);
  writeOctal(block, 116, 8, fields.gid);
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block[156] = typeFlag.charCodeAt(0);
  if (fields.linkName !== "") writeText(block, 157, 100, fields.linkName);
  // Only bytes 0–257 vary; the checksum field counts as spaces and the tail is the template's.
  let sum = TEMPLATE_TAIL_SUM + 8 * 0x20;
  for (let index = 0; index < 148; index += 1) sum += block[index] as number;
  for (let index = 156; index < 257; index += 1) sum += block[index] as number;
  writeOctal(block, 148, 7, sum);
  block[155] = 0x20;
  return block;
}

function byteLength(text: string): number {
  // Bytes only matter near the 100-byte ustar limit; ASCII text is one byte per character.
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) > 0x7f) return utf8ToBytes(text).length;
  }
  return text.length;
}

const ZERO_BLOCK = new Uint8Array(BLOCK);

/** Zeros up to the next 512-byte boundary (a view of one shared block: never written to). */
function padding(size: number): Uint8Array | undefined {
  const rest = size % BLOCK;
  return rest === 0 ? undefined : ZERO_BLOCK.subarray(0, BLOCK - rest);
}

/** Header blocks for one entry, with a PAX header first when a name does not fit ustar. */
function emitHeader(fields: HeaderFields, emit: (chunk: Uint8Array) => void): void {
  const long = byteLength(fields.name) > 100 || byteLength(fields.linkName) > 100;
  if (long) {
    const records = utf8ToBytes(paxRecord("path", fields.name) + paxRecord("linkpath", fields.linkName));
    emit(
      headerBlock({ ...fields, name: "PaxHeader", size: records.length, type: "file", linkName: "" }, "x"),
    );
    emit(records);
    const pad = padding(records.length);
    if (pad) emit(pad);
    emit(
      headerBlock({ ...fields, name: fields.name.slice(0, 100), linkName: fields.linkName.slice(0, 100) }),
    );
    return;
  }
  emit(headerBlock(fields));
}

function contentChunks(content: FileContent): Iterable<Uint8Array> {
  const chunked = content as FileContent & { chunks?: () => Iterable<Uint8Array> };
  return chunked.chunks ? chunked.chunks() : [content.bytes()];
}

const WHITEOUT_META: Metadata = { mode: 0o600, uid: 0, gid: 0, mtime: 0 };

/**
 * The canonical tar of a changeset tree, passed to `emit` chunk by chunk: entries sorted by path
 * with parents first, no entry for the root, directories as `name/`, whiteouts as empty
 * `.wh.<name>` files (mode 0600, W2), an opaque directory's `.wh..wh..opq` right after the
 * directory (W3), a second path to an inode already written as a hard link (W7), then two zero
 * blocks. The empty changeset is exactly 1024 zero bytes, Docker's empty layer (D6). A callback
 * rather than a generator: a layer has thousands of entries and nested generators cost per yield.
 */
export function writeLayerTar(changes: DirNode, emit: (chunk: Uint8Array) => void): void {
  const writtenInodes = new Map<number, string>();
  const visit = (dir: DirNode, prefix: string): void => {
    // The opaque marker carries its directory's permissions and owner, with mtime 0 (E4).
    if (dir.opaque && prefix !== "") {
      emitHeader(metaFields(`${prefix}${OPAQUE_WHITEOUT}`, "file", { ...dir.meta, mtime: 0 }, 0, ""), emit);
    }
    for (const name of [...dir.children.keys()].sort()) {
      const child = dir.children.get(name) as FsNode;
      const path = `${prefix}${name}`;
      if (child.kind === "whiteout") {
        emitHeader(markerFields(`${prefix}${WHITEOUT_PREFIX}${name}`), emit);
      } else if (child.kind === "dir") {
        emitHeader(metaFields(`${path}/`, "dir", child.meta, 0, ""), emit);
        visit(child, `${path}/`);
      } else if (child.kind === "symlink") {
        emitHeader(metaFields(path, "symlink", child.meta, 0, child.target), emit);
      } else {
        const earlier = writtenInodes.get(child.inode);
        if (earlier !== undefined) {
          emitHeader(metaFields(path, "hardlink", child.meta, 0, earlier), emit);
          continue;
        }
        writtenInodes.set(child.inode, path);
        emitHeader(metaFields(path, "file", child.meta, child.content.size, ""), emit);
        if (child.content.size <= 65_536) {
          if (child.content.size > 0) emit(child.content.bytes());
        } else for (const chunk of contentChunks(child.content)) if (chunk.length > 0) emit(chunk);
        const pad = padding(child.content.size);
        if (pad) emit(pad);
      }
    }
  };
  visit(changes, "");
  emit(new Uint8Array(BLOCK * 2));
}

/** The canonical tar as a list of chunks (see `writeLayerTar`). */
export function layerTarChunks(changes: DirNode): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  writeLayerTar(changes, (chunk) => chunks.push(chunk.slice()));
  return chunks;
}

function markerFields(name: string): HeaderFields {
  return metaFields(name, "file", WHITEOUT_META, 0, "");
}

function metaFields(
  name: string,
  type: EntryType,
  meta: Metadata,
  size: number,
  linkName: string,
): HeaderFields {
  return { name, type, mode: meta.mode, uid: meta.uid, gid: meta.gid, size, mtime: meta.mtime, linkName };
}

/** The canonical tar of a changeset as one byte array (see `layerTarChunks`). */
export function encodeLayerTar(changes: DirNode): Uint8Array {
  const chunks = [...layerTarChunks(changes)];
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
    if (name.startsWith(WHITEOUT_PREFIX)) {
      root = setNode(root, [...parentParts, name.slice(WHITEOUT_PREFIX.length)], WHITEOUT);
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
