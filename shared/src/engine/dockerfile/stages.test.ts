import { describe, expect, it } from "vitest";
import { parseDockerfile } from "./parse.ts";
import { resolveFromReference } from "./stages.ts";

describe("resolveFromReference", () => {
  const { dockerfile } = parseDockerfile("FROM a AS Build\nFROM b\nCOPY --from=build /x /x\n");

  it.each([
    ["build", { kind: "stage", index: 0 }],
    ["BUILD", { kind: "stage", index: 0 }],
    ["1", { kind: "stage", index: 1 }],
    ["7", { kind: "image", reference: "7" }],
    ["nginx:latest", { kind: "image", reference: "nginx:latest" }],
  ])("%s → %j", (value, expected) => {
    const resolved = resolveFromReference(dockerfile, value);
    expect(resolved.kind === "stage" ? { kind: "stage", index: resolved.stage.index } : resolved).toEqual(
      expected,
    );
  });
});
