/**
 * The names of whiteouts in a layer archive (OCI image spec layer.md "Whiteouts", the AUFS
 * convention Docker's overlay2 driver converts to and from): the one place they are spelled.
 * In memory a whiteout is a `WhiteoutNode` and an opaque directory a flag (fs/types.ts); these
 * names exist only on the archive and text sides (tars, tree literals, dive's view of a layer).
 */

/** The prefix of a deleted entry's marker file: `.wh.<name>` deletes `<name>`. */
export const WHITEOUT_PREFIX = ".wh.";

/** AUFS's metadata prefix: names under it are markers, never files (`.wh..wh..opq`, `.wh..wh.plnk`). */
export const WHITEOUT_META_PREFIX = ".wh..wh.";

/** OCI layer.md "Opaque Whiteout": hides every lower child of its directory. */
export const OPAQUE_WHITEOUT = `${WHITEOUT_META_PREFIX}.opq`;

/** The marker file that deletes `name`. */
export function whiteoutName(name: string): string {
  return `${WHITEOUT_PREFIX}${name}`;
}

/** The name a marker deletes (`.wh.a` → `a`), or undefined when `name` is no whiteout. */
export function whiteoutTarget(name: string): string | undefined {
  return name.startsWith(WHITEOUT_PREFIX) ? name.slice(WHITEOUT_PREFIX.length) : undefined;
}

/** Whether `name` is an AUFS metadata marker (the opaque marker among them), not a file. */
export function isWhiteoutMetaName(name: string): boolean {
  return name.startsWith(WHITEOUT_META_PREFIX);
}
