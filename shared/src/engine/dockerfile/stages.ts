/**
 * What a `COPY --from=` or `RUN --mount=from=` value refers to. Docker tries, in order, a stage
 * name (case-insensitive, names are stored lower-cased), then a stage index (`--from=0`), and
 * otherwise treats the value as an image reference, which is why an unknown name is not a parse
 * error (BuildKit dockerfile2llb `findStateByName` / classic builder `getImageMount`).
 */
import type { Dockerfile, Stage } from "./types.ts";

/** A stage of the same Dockerfile, or an image to pull/look up. */
export type FromReference =
  | { readonly kind: "stage"; readonly stage: Stage }
  | { readonly kind: "image"; readonly reference: string };

/**
 * Resolves an (already expanded) `--from` value.
 * @example resolveFromReference(dockerfile, "build") // { kind: "stage", stage: … }
 */
export function resolveFromReference(dockerfile: Dockerfile, value: string): FromReference {
  const name = value.toLowerCase();
  const named = dockerfile.stages.find((stage) => stage.name === name);
  if (named !== undefined) return { kind: "stage", stage: named };
  if (/^\d+$/.test(value)) {
    const indexed = dockerfile.stages[Number(value)];
    if (indexed !== undefined) return { kind: "stage", stage: indexed };
  }
  return { kind: "image", reference: value };
}
