/** Absolute POSIX paths as the engine uses them: always starting with `/`, no trailing slash. */

/** Splits a path into its components, dropping empty and `.` parts and applying `..` lexically. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts;
}

/** `/a//b/./c/..` → `/a/b`. */
export function normalizePath(path: string): string {
  return `/${splitPath(path).join("/")}`;
}

/** Joins path pieces; an absolute piece restarts the path, as `path.posix.resolve` does. */
export function joinPath(...pieces: readonly string[]): string {
  let joined = "/";
  for (const piece of pieces) joined = piece.startsWith("/") ? piece : `${joined}/${piece}`;
  return normalizePath(joined);
}

export function dirnamePath(path: string): string {
  const parts = splitPath(path);
  parts.pop();
  return `/${parts.join("/")}`;
}

export function basenamePath(path: string): string {
  return splitPath(path).at(-1) ?? "/";
}
