/**
 * The IDs a daemon hands out while it runs: inode numbers for the files builds copy and container
 * IDs. Seeded, so two daemons never hand out the same container IDs and a replay gets the same ones.
 */
import { sha256Digest } from "../../core/hash.ts";

export interface IdCounters {
  nextInode(): number;
  nextContainerId(): string;
  /** Where the counters are, for saving the daemon's state (`createIdCounters(seed, state)`). */
  exportState(): IdCountersState;
}

export interface IdCountersState {
  readonly inodes: number;
  readonly containers: number;
}

export function createIdCounters(seed: string, state?: IdCountersState): IdCounters {
  // Numbered from 2^40, so that they never meet the inodes of catalog images or the build context.
  let inodeCounter = state?.inodes ?? 2 ** 40;
  let containerCounter = state?.containers ?? 0;
  return {
    nextInode() {
      inodeCounter += 1;
      return inodeCounter;
    },
    nextContainerId() {
      containerCounter += 1;
      return sha256Digest(`layercake-container:${seed}:${containerCounter}`).slice(7);
    },
    exportState: () => ({ inodes: inodeCounter, containers: containerCounter }),
  };
}
