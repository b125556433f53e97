import { describe, expect, it } from "vitest";
import { createSha256, installSha256Implementation, sha256Digest } from "./hash.ts";

describe("sha256", () => {
  it("gives the same digests with the pure and the native implementation", async () => {
    const input = new Uint8Array(200_000).map((_, index) => index % 251);
    installSha256Implementation(undefined);
    const pure = sha256Digest(input);
    const pureEmpty = createSha256().update(new Uint8Array(1024)).digest();
    await import("../platform/node.ts");
    expect(sha256Digest(input)).toBe(pure);
    expect(createSha256().update(new Uint8Array(1024)).digest()).toBe(pureEmpty);
    expect(pureEmpty).toBe("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
    installSha256Implementation(undefined);
  });
});
