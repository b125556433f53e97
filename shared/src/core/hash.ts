import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** A sha256 digest in OCI form: `sha256:<64 hex digits>`. */
export type Digest = `sha256:${string}`;

/**
 * Where the bytes get hashed. The default is @noble/hashes (pure JavaScript, runs everywhere);
 * a Node entry point may install node:crypto, which is about ten times faster, without the pure
 * modules importing anything from Node (see `src/platform/node.ts`).
 */
export interface Sha256Implementation {
  create(): { update(chunk: Uint8Array): void; digestHex(): string };
}

const nobleImplementation: Sha256Implementation = {
  create() {
    const state = sha256.create();
    return {
      update: (chunk) => {
        state.update(chunk);
      },
      digestHex: () => bytesToHex(state.digest()),
    };
  },
};

let implementation: Sha256Implementation = nobleImplementation;

/** Replaces the hashing implementation (digests must be identical: both are SHA-256). */
export function installSha256Implementation(next: Sha256Implementation | undefined): void {
  implementation = next ?? nobleImplementation;
}

/** Hashes bytes or a UTF-8 string; returns the OCI digest string. */
export function sha256Digest(input: Uint8Array | string): Digest {
  const bytes = typeof input === "string" ? utf8ToBytes(input) : input;
  const state = implementation.create();
  state.update(bytes);
  return `sha256:${state.digestHex()}`;
}

/** An incremental sha256 for inputs produced in pieces (tar streams). */
export interface IncrementalHash {
  update(chunk: Uint8Array): IncrementalHash;
  digest(): Digest;
}

export function createSha256(): IncrementalHash {
  const state = implementation.create();
  const wrapper: IncrementalHash = {
    update(chunk) {
      state.update(chunk);
      return wrapper;
    },
    digest() {
      return `sha256:${state.digestHex()}`;
    },
  };
  return wrapper;
}

/** The short form Docker prints for IDs: the first 12 hex digits. */
export function shortId(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

export { bytesToHex, utf8ToBytes };
