/**
 * The Docker a learner runs, as the site names it: the three learner profiles (the ids content is
 * tagged with), the key and attribute the picker, the lesson variants and the pages agree on. Free
 * of the engine at run time (the picker script on every page imports it); the labels are rendered
 * into the picker by its component.
 */
import type { DockerProfile } from "@layercake/shared/core";

/** The profile every page shows until the learner picks one (the first of the picker). */
export const DEFAULT_PROFILE: DockerProfile = "26.1-containerd";

/** Every profile id, in the picker's order (a test checks it against the engine's list). */
export const PROFILE_IDS: readonly DockerProfile[] = ["26.1-containerd", "26.1-overlay2", "20.10-overlay2"];

/** Set once the learner answered or dismissed the "Which Docker do you run?" question. */
export const PROFILE_ASKED_KEY = "layercake:docker-asked";

/** The attribute on `<html>` the lesson variants are shown by (see layercake.css). */
export const PROFILE_ATTRIBUTE = "data-lc-profile";

/** The event a page hears when the learner picks another Docker (detail: the profile id). */
export const PROFILE_EVENT = "lc:docker-profile";

/** Whether `value` is one of the profile ids. */
export function isDockerProfile(value: unknown): value is DockerProfile {
  return typeof value === "string" && (PROFILE_IDS as readonly string[]).includes(value);
}
