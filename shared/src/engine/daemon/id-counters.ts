/**
 * The IDs a daemon hands out while it runs: inode numbers for the files builds copy and container
 * IDs. Seeded, so two daemons never hand out the same container IDs and a replay gets the same ones.
 */
import { sha256Digest } from "../../core/hash.ts";

export interface IdCounters {
  nextInode(): number;
  nextContainerId(): string;
}

export function createIdCounters(seed: string): IdCounters {
  // Numbered from 2^40, so that they never meet the inodes of catalog images or the build context.
  let inodeCounter = 2 ** 40;
  let containerCounter = 0;
  return {
    nextInode() {
      inodeCounter += 1;
      return inodeCounter;
    },
    nextContainerId() {
      containerCounter += 1;
      return sha256Digest(`layercake-container:${seed}:${containerCounter}`).slice(7);
    },
  };
}
