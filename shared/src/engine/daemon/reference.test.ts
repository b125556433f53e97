import { describe, expect, it } from "vitest";
import { fullyQualifiedReference, normalizeImageTag, parseImageReference } from "./reference.ts";

describe("image references", () => {
  it("adds :latest and drops docker.io/library", () => {
    expect(normalizeImageTag("tiny")).toBe("tiny:latest");
    expect(normalizeImageTag("docker.io/library/tiny:1")).toBe("tiny:1");
    expect(normalizeImageTag("user/app")).toBe("user/app:latest");
    expect(normalizeImageTag("localhost:5000/app")).toBe("localhost:5000/app:latest");
  });

  it("rejects what Docker calls an invalid reference format", () => {
    expect(parseImageReference("Tiny")).toBeUndefined();
    expect(parseImageReference("a:b:c")).toBeUndefined();
    expect(parseImageReference("")).toBeUndefined();
  });

  it("names base images the way BuildKit's progress does", () => {
    expect(fullyQualifiedReference("tiny:1")).toBe("docker.io/library/tiny:1");
    expect(fullyQualifiedReference("user/app")).toBe("docker.io/user/app:latest");
  });
});
