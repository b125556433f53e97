/**
 * The learner's Docker on every page: the pickers in the header, the question asked once on a
 * lesson or practice page ("Which Docker do you run?", dismissible), and the switch itself — kept
 * in stored progress (the one progress format, so an export carries it), set on `<html>` (lesson
 * variants show by CSS, no reload) and announced to the page's islands with PROFILE_EVENT.
 *
 * Small on purpose (every page loads it): it edits the stored JSON's `dockerProfile` field (the
 * progress format's, see @layercake/shared/progress) in place rather than loading the format's
 * reader and its deflate.
 */
import type { DockerProfile } from "@layercake/shared/core";
import type { DockerProfileChoice } from "@layercake/shared/progress";
import {
  DEFAULT_PROFILE,
  isDockerProfile,
  PROFILE_ASKED_KEY,
  PROFILE_ATTRIBUTE,
  PROFILE_EVENT,
} from "../lib/docker-choice.ts";
import { PROGRESS_STORAGE_KEY } from "../lib/progress-view.ts";
import { element } from "./dom.ts";

/**
 * The stored progress as JSON, or undefined when there is none or it cannot be read; before a
 * write (`setAside`), an unreadable copy is kept aside as the practice pages do, never overwritten.
 */
function readStoredProgress(setAside = false): Record<string, unknown> | undefined {
  const text = localStorage.getItem(PROGRESS_STORAGE_KEY);
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // handled below
  }
  if (!setAside) return undefined;
  localStorage.setItem(`${PROGRESS_STORAGE_KEY}:unreadable:${Date.now()}`, text);
  localStorage.removeItem(PROGRESS_STORAGE_KEY);
  return undefined;
}

/** The Docker the learner chose, if they chose one. */
export function storedProfile(): DockerProfile | undefined {
  const choice = readStoredProgress()?.dockerProfile as { id?: unknown } | undefined;
  return isDockerProfile(choice?.id) ? choice.id : undefined;
}

/** The Docker the page shows: the learner's, else the default. */
export function currentProfile(): DockerProfile {
  const shown = document.documentElement.getAttribute(PROFILE_ATTRIBUTE);
  return isDockerProfile(shown) ? shown : (storedProfile() ?? DEFAULT_PROFILE);
}

function showProfile(profile: DockerProfile): void {
  document.documentElement.setAttribute(PROFILE_ATTRIBUTE, profile);
  for (const select of document.querySelectorAll<HTMLSelectElement>(".lc-docker-select")) {
    select.value = profile;
  }
}

/** Records the learner's Docker with their progress and switches the page to it. */
export function chooseProfile(profile: DockerProfile): void {
  const stored = readStoredProgress(true) ?? {
    format: "layercake-progress",
    version: 2,
    cards: {},
    history: [],
    lessonsRead: {},
  };
  const dockerProfile: DockerProfileChoice = { id: profile, chosenAt: new Date().toISOString() };
  localStorage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify({ ...stored, dockerProfile }));
  localStorage.setItem(PROFILE_ASKED_KEY, "1");
  document.getElementById("lc-docker-ask")?.remove();
  const changed = currentProfile() !== profile;
  showProfile(profile);
  if (changed) document.dispatchEvent(new CustomEvent(PROFILE_EVENT, { detail: profile }));
}

/** Another tab or an import changed the stored profile: follow it. */
export function followStoredProfile(): void {
  const profile = storedProfile();
  if (profile !== undefined && profile !== currentProfile()) {
    showProfile(profile);
    document.dispatchEvent(new CustomEvent(PROFILE_EVENT, { detail: profile }));
  }
}

/** The question asked once, above the lesson or the practice island, built from the picker's options. */
function askOnce(anchor: HTMLElement): void {
  if (storedProfile() !== undefined || localStorage.getItem(PROFILE_ASKED_KEY) !== null) return;
  const options = [...(document.querySelector<HTMLSelectElement>(".lc-docker-select")?.options ?? [])];
  if (options.length === 0) return;
  const form = element("form", { id: "lc-docker-ask", class: "lc-docker-ask not-content" });
  const fieldset = element("fieldset");
  fieldset.append(element("legend", {}, "Which Docker do you run?"));
  fieldset.append(
    element(
      "p",
      {},
      "Console output, sizes and answers differ between Docker versions and image stores. Pick yours; you can change it at any time from the Docker menu at the top of the page.",
    ),
  );
  for (const [index, option] of options.entries()) {
    const label = element("label", { class: "lc-choice" });
    const radio = element("input", { type: "radio", name: "lc-docker-ask", value: option.value });
    radio.checked = index === 0;
    label.append(radio, ` ${option.title || option.text}`);
    fieldset.append(label);
  }
  const actions = element("p");
  const use = element("button", { type: "submit", id: "lc-docker-ask-use" }, "Use this Docker");
  const later = element("button", { type: "button", id: "lc-docker-ask-dismiss" }, "Not now");
  actions.append(use, " ", later);
  fieldset.append(actions);
  form.append(fieldset);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const picked = new FormData(form).get("lc-docker-ask");
    if (isDockerProfile(picked)) chooseProfile(picked);
  });
  later.addEventListener("click", () => {
    // Dismissed: the default stays and the question is not asked again (the menu still switches).
    localStorage.setItem(PROFILE_ASKED_KEY, "1");
    form.remove();
  });
  anchor.before(form);
}

showProfile(currentProfile());
for (const select of document.querySelectorAll<HTMLSelectElement>(".lc-docker-select")) {
  select.addEventListener("change", () => {
    if (isDockerProfile(select.value)) chooseProfile(select.value);
  });
}
window.addEventListener("storage", (event) => {
  if (event.key === PROGRESS_STORAGE_KEY) followStoredProfile();
});
const anchor = document.querySelector<HTMLElement>("[data-lc-ask-docker]");
if (anchor) askOnce(anchor);
