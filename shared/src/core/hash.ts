import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** A sha256 digest in OCI form: `sha256:<64 hex digits>`. */
export type Digest = `sha256:${string}`;

/** Hashes bytes or a UTF-8 string; returns the OCI digest string. */
export function sha256Digest(input: Uint8Array | string): Digest {
  const bytes = typeof input === "string" ? utf8ToBytes(input) : input;
  return `sha256:${bytesToHex(sha256(bytes))}`;
}

/** An incremental sha256 for inputs produced in pieces (tar streams). */
export interface IncrementalHash {
  update(chunk: Uint8Array): IncrementalHash;
  digest(): Digest;
}

export function createSha256(): IncrementalHash {
  const state = sha256.create();
  const wrapper: IncrementalHash = {
    update(chunk) {
      state.update(chunk);
      return wrapper;
    },
    digest() {
      return `sha256:${bytesToHex(state.digest())}`;
    },
  };
  return wrapper;
}

/** The short form Docker prints for IDs: the first 12 hex digits. */
export function shortId(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

export { bytesToHex, utf8ToBytes };
