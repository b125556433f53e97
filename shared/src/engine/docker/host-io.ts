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
  /**
   * What was piped to the command's standard input, read to its end (`docker load < image.tar`);
   * `undefined` when it is a terminal, or where there is none (the browser, the bot).
   */
  readStandardInput?(): Uint8Array | undefined;
  /** Whether the command's standard output takes bytes: not a terminal, and there is one. */
  canWriteStandardOutput?(): boolean;
  /** Bytes to the command's standard output (`docker save image > image.tar`). */
  writeStandardOutput?(data: Uint8Array): void;
}
