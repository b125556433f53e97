/**
 * What a docker command reads from and writes to the host, behind one interface, so that the
 * commands stay pure: the CLI gives them the real file system (cli/host-io.ts records every read
 * for replay), the browser and the tests give them an in-memory one.
 */
import type { DirNode } from "../fs/types.ts";

export interface HostIo {
  resolve(path: string): string;
  isDirectory(path: string): boolean;
  readText(path: string): string | undefined;
  readBytes(path: string): Uint8Array | undefined;
  /** The directory as a build context tree (owner root, modes and mtimes kept). */
  readContext(path: string): DirNode;
  writeFile(path: string, data: string | Uint8Array): void;
  env(name: string): string | undefined;
}
