/** legacy-experiments.md E17/E18 and reference §1.3: created_by strings of both builders. */
import { describe, expect, it } from "vitest";
import type { BuilderKind, BuildKitFlavour } from "../../src/engine/builder/types.ts";
import { readImageDraft } from "../../src/engine/image/image.ts";
import { build, contextFromFiles, createTestStore, dockerfile } from "./support/fixtures.ts";

const E17 = dockerfile(
  "ARG BASE=tiny:1",
  "FROM $BASE",
  "ARG BASE",
  "RUN echo $BASE > /base",
  "COPY --chown=1000:1000 a.txt /a",
  "COPY a.txt b.txt /multi/",
  "ADD a.txt /added",
  "WORKDIR /w",
  "COPY a.txt rel",
  "COPY dir /dir",
);
const CONTEXT = { "a.txt": "hello\n", "b.txt": "bye\n", "dir/x": "x\n", "dir/sub/y": "y\n" };

function history(builder: BuilderKind, flavour: BuildKitFlavour = "current"): string[] {
  const { store } = createTestStore();
  const { result } = build(store, {
    dockerfile: E17,
    context: contextFromFiles(CONTEXT),
    builder,
    buildkitFlavour: flavour,
  });
  const image = result.image;
  if (image === undefined) throw new Error(result.failure?.message);
  return readImageDraft(image)
    .history.slice(1)
    .map((entry) => (entry.created_by ?? "").replace(/(file|dir|multi):[0-9a-f]{64}/, "$1:<hash>"));
}

describe("created_by strings (E17, E18, §1.3)", () => {
  it("writes the legacy forms: --chown glued to the hash, multi:, ADD with COPY's hash, relative dest verbatim", () => {
    expect(history("classic")).toEqual([
      "/bin/sh -c #(nop)  ARG BASE",
      "|1 BASE=tiny:1 /bin/sh -c echo $BASE > /base",
      "/bin/sh -c #(nop) COPY --chown=1000:1000file:<hash> in /a ",
      "/bin/sh -c #(nop) COPY multi:<hash> in /multi/ ",
      "/bin/sh -c #(nop) ADD file:<hash> in /added ",
      "/bin/sh -c #(nop) WORKDIR /w",
      "/bin/sh -c #(nop) COPY file:<hash> in rel ",
      "/bin/sh -c #(nop) COPY dir:<hash> in /dir ",
    ]);
  });

  it("gives COPY and ADD of the same file the same source hash", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: E17,
      context: contextFromFiles(CONTEXT),
      builder: "classic",
    });
    const lines = readImageDraft(result.image as NonNullable<typeof result.image>).history.map(
      (entry) => entry.created_by ?? "",
    );
    const hashOf = (prefix: string) =>
      lines.find((line) => line.includes(prefix))?.match(/file:[0-9a-f]+/)?.[0];
    expect(hashOf("ADD file")).toBe(hashOf("COPY file:"));
  });

  it("writes BuildKit's forms: instruction text, ARG with the inherited value, # buildkit on RUN and COPY", () => {
    expect(history("buildkit")).toEqual([
      "ARG BASE=tiny:1",
      "RUN |1 BASE=tiny:1 /bin/sh -c echo $BASE > /base # buildkit",
      "COPY --chown=1000:1000 a.txt /a # buildkit",
      "COPY a.txt b.txt /multi/ # buildkit",
      "ADD a.txt /added # buildkit",
      "WORKDIR /w",
      "COPY a.txt rel # buildkit",
      "COPY dir /dir # buildkit",
    ]);
  });

  it("writes BuildKit 20.10's forms: the Dockerfile's ARG text and no COPY flags", () => {
    expect(history("buildkit", "engine-20.10").slice(0, 3)).toEqual([
      "ARG BASE",
      "RUN |1 BASE=tiny:1 /bin/sh -c echo $BASE > /base # buildkit",
      "COPY a.txt /a # buildkit",
    ]);
  });

  it("marks every BuildKit history item with the frontend's comment", () => {
    const { store } = createTestStore();
    const { result } = build(store, {
      dockerfile: E17,
      context: contextFromFiles(CONTEXT),
      builder: "buildkit",
    });
    const comments = readImageDraft(result.image as NonNullable<typeof result.image>)
      .history.slice(1)
      .map((entry) => entry.comment);
    expect(new Set(comments)).toEqual(new Set(["buildkit.dockerfile.v0"]));
  });
});
