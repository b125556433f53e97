/**
 * The playground island: the page's controls over the engine worker (playground-client.ts). The
 * page never runs the engine itself, so it stays responsive during any build; a progress line with
 * a Cancel button shows while the worker works. The project is autosaved in this browser and can
 * be shared as a link (opened also when pasted into a tab that already shows the playground).
 */

import type { DockerProfile } from "@layercake/shared/core";
import { CHALLENGES } from "../lib/challenge-list.ts";
import { isDockerProfile, PROFILE_EVENT } from "../lib/docker-choice.ts";
import type { BuildView, RunView } from "../lib/playground.ts";
import {
  DEFAULT_STATE,
  decodeState,
  encodeState,
  type PlaygroundState,
  parseSavedState,
} from "../lib/playground-state.ts";
import type { ReasonView } from "../lib/rule-lessons.ts";
import { chooseProfile, currentProfile } from "./docker-picker.ts";
import { element } from "./dom.ts";
import { createPlaygroundEngine, EngineStopped } from "./playground-client.ts";

const DRAFT_KEY = "layercake:playground";

const root = document.getElementById("lc-playground");
if (root) startPlayground(root);

/** A reason as a list item: the sentence, then a link to the lesson section that explains it. */
function reasonItem(reason: ReasonView): HTMLLIElement {
  const item = element("li", {}, reason.text);
  if (reason.lesson) {
    item.append(
      " ",
      element("a", { href: reason.lesson.href, class: "lc-why" }, `Why: ${reason.lesson.title}`),
    );
  }
  return item;
}

/** Console text with the cache's lines marked, so CACHED and "Using cache" stand out. */
function consoleBlock(text: string, attributes: Record<string, string> = {}): HTMLPreElement {
  const pre = element("pre", { tabindex: "0", class: "lc-console", ...attributes });
  for (const line of text.split("\n")) {
    const cached = /\bCACHED\b|Using cache/.test(line);
    pre.append(cached ? element("span", { class: "lc-cached-line" }, line) : line, "\n");
  }
  return pre;
}

function startPlayground(root: HTMLElement): void {
  const engine = createPlaygroundEngine();
  const dockerSelect = root.querySelector("#pg-docker") as HTMLSelectElement;
  const dockerStatus = root.querySelector("#pg-docker-status") as HTMLElement;
  // The Docker the playground simulates: the learner's, switched here or in the header's menu.
  let profile: DockerProfile = currentProfile();
  dockerSelect.value = profile;
  dockerSelect.addEventListener("change", () => {
    if (isDockerProfile(dockerSelect.value)) chooseProfile(dockerSelect.value);
  });
  document.addEventListener(PROFILE_EVENT, (event) => {
    profile = (event as CustomEvent<DockerProfile>).detail;
    dockerSelect.value = profile;
    dockerStatus.textContent = `Now simulating ${dockerSelect.selectedOptions[0]?.text ?? profile}. Build again to see its output and sizes; each Docker keeps its own images and build cache.`;
  });
  const builder = root.querySelector("#pg-builder") as HTMLSelectElement;
  const dockerfile = root.querySelector("#pg-dockerfile") as HTMLTextAreaElement;
  const filesBox = root.querySelector("#pg-files") as HTMLElement;
  const command = root.querySelector("#pg-command") as HTMLInputElement;
  const buildButton = root.querySelector("#pg-build") as HTMLButtonElement;
  const runButton = root.querySelector("#pg-run") as HTMLButtonElement;
  const buildResult = root.querySelector("#pg-build-result") as HTMLElement;
  const runResult = root.querySelector("#pg-run-result") as HTMLElement;
  const shareStatus = root.querySelector("#pg-share-status") as HTMLElement;
  const progress = root.querySelector("#pg-progress") as HTMLElement;
  const progressText = root.querySelector("#pg-progress-text") as HTMLElement;
  const cancel = root.querySelector("#pg-cancel") as HTMLButtonElement;
  let fileCount = filesBox.querySelectorAll(".pg-file").length;

  const addFile = (name: string, content: string) => {
    fileCount += 1;
    const id = `pg-file-${fileCount}`;
    const row = element("div", { class: "pg-file" });
    const nameLabel = element("label", { for: `${id}-name` }, "File name");
    const nameInput = element("input", {
      id: `${id}-name`,
      type: "text",
      class: "pg-file-name",
      spellcheck: "false",
    });
    nameInput.value = name;
    const contentLabel = element("label", { for: `${id}-content` }, "Content");
    const contentInput = element("textarea", {
      id: `${id}-content`,
      rows: "3",
      class: "pg-file-content",
      spellcheck: "false",
    });
    contentInput.value = content;
    const remove = element(
      "button",
      { type: "button", class: "pg-remove", "aria-label": `Remove file ${name || "(unnamed)"}` },
      "Remove",
    );
    row.append(nameLabel, nameInput, contentLabel, contentInput, remove);
    filesBox.append(row);
  };

  const readState = (): PlaygroundState => {
    const files: Record<string, string> = {};
    for (const row of filesBox.querySelectorAll(".pg-file")) {
      const name = (row.querySelector(".pg-file-name") as HTMLInputElement).value.trim();
      if (name !== "") files[name] = (row.querySelector(".pg-file-content") as HTMLTextAreaElement).value;
    }
    return {
      builder: builder.value === "classic" ? "classic" : "buildkit",
      dockerfile: dockerfile.value,
      files,
      command: command.value,
    };
  };

  const load = (state: PlaygroundState) => {
    builder.value = state.builder;
    dockerfile.value = state.dockerfile;
    command.value = state.command;
    filesBox.replaceChildren();
    for (const [name, content] of Object.entries(state.files)) addFile(name, content);
  };

  // Autosave: every edit is kept in this browser, so a reload or a closed tab loses nothing.
  let saving: ReturnType<typeof setTimeout> | undefined;
  const saveDraft = () => {
    clearTimeout(saving);
    saving = setTimeout(() => {
      try {
        localStorage.setItem(DRAFT_KEY, JSON.stringify(readState()));
      } catch {
        // Storage full or disabled: the playground still works, it just does not remember.
      }
    }, 250);
  };
  root.addEventListener("input", saveDraft);
  root.addEventListener("change", saveDraft);
  filesBox.addEventListener("click", (event) => {
    const remove = (event.target as HTMLElement).closest(".pg-remove");
    if (!remove) return;
    remove.closest(".pg-file")?.remove();
    saveDraft();
  });

  const showBuild = (view: BuildView) => {
    const parts: HTMLElement[] = [];
    const hits = view.steps.filter((step) => step.cache === "hit").length;
    const misses = view.steps.filter((step) => step.cache === "miss").length;
    parts.push(
      element(
        "p",
        { id: "pg-build-summary" },
        view.ok
          ? `Built playground:latest with ${view.builder === "classic" ? "the classic builder" : "BuildKit"} on ${view.docker}: ${misses} step${misses === 1 ? "" : "s"} ran, ${hits} came from the cache. Image size ${view.imageSize}.`
          : "The build failed.",
      ),
    );
    for (const problem of view.problems) parts.push(element("p", { class: "pg-problem" }, problem));
    const table = element("table", { id: "pg-steps" });
    const head = element("tr");
    for (const title of ["Step", "Cache", "Leaves", "Why"])
      head.append(element("th", { scope: "col" }, title));
    table.append(element("caption", {}, "Steps, cache decisions and what each step left in the image"), head);
    for (const step of view.steps) {
      const row = element("tr", { "data-cache": step.cache });
      const why = element("td");
      if (step.reasons.length > 0) {
        const list = element("ul", { class: "lc-reasons-list" });
        for (const reason of step.reasons) list.append(reasonItem(reason));
        why.append(list);
      }
      row.append(
        element("td", { class: "lc-code" }, step.instruction),
        element("td", {}),
        element("td", {}, step.layer === "layer" ? `a layer (${step.size ?? "0B"})` : step.layer),
        why,
      );
      const badge =
        step.cache === "n/a"
          ? document.createTextNode("—")
          : element(
              "span",
              { class: `lc-badge lc-badge-${step.cache}` },
              step.cache === "hit" ? "CACHED" : "RAN",
            );
      row.children[1]?.append(badge);
      table.append(row);
    }
    parts.push(
      element(
        "div",
        { class: "lc-scroll", tabindex: "0", role: "region", "aria-label": "Build steps" },
        undefined,
      ),
    );
    parts.at(-1)?.append(table);
    if (view.ok) {
      const layers = element("details", { open: "" });
      layers.append(
        element(
          "summary",
          {},
          `docker history: ${view.layers.length} entries, ${view.layers.filter((layer) => !layer.empty).length} with a filesystem layer`,
        ),
      );
      const list = element("ol", { class: "lc-code" });
      for (const layer of view.layers)
        list.append(element("li", {}, `${layer.size} — ${layer.createdBy || "(base image)"}`));
      layers.append(list);
      const tree = element("details");
      tree.append(
        element("summary", {}, "The union view (what a container sees)"),
        consoleBlock(view.tree.join("\n")),
      );
      parts.push(layers, tree);
    }
    const output = element("details", { open: "" });
    output.append(
      element(
        "summary",
        {},
        `Builder output (${view.builder === "classic" ? "classic builder" : "BuildKit"}, as ${view.docker} prints it)`,
      ),
      consoleBlock(view.output, { id: "pg-output" }),
    );
    parts.push(output);
    buildResult.replaceChildren(...parts);
  };

  const showRun = (result: RunView | { problem: string }) => {
    if ("problem" in result) {
      runResult.replaceChildren(element("p", {}, result.problem));
      return;
    }
    const reasons = element("ul", { class: "lc-reasons-list" });
    for (const reason of result.reasons) reasons.append(reasonItem(reason));
    runResult.replaceChildren(
      element(
        "p",
        {},
        `Exit code ${result.exitCode}. Writable layer: ${result.sizeRw} (virtual ${result.virtualSize}).`,
      ),
      consoleBlock(result.output || "(no output)"),
      element("p", {}, "docker diff:"),
      consoleBlock(result.diff.length === 0 ? "(no changes)" : result.diff.join("\n"), { id: "pg-diff" }),
      reasons,
    );
  };

  /** Runs one engine request with the progress line and Cancel showing; the page stays usable. */
  const work = async <Result>(label: string, target: HTMLElement, request: () => Promise<Result>) => {
    const started = performance.now();
    root.dataset.state = label === "Building" ? "building" : label === "Running" ? "running" : "checking";
    buildButton.disabled = true;
    runButton.disabled = true;
    progress.hidden = false;
    progressText.textContent = `${label}…`;
    const ticking = setInterval(() => {
      progressText.textContent = `${label}… ${Math.round((performance.now() - started) / 1000)} s`;
    }, 1000);
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof EngineStopped)) throw error;
      root.dataset.state = error.cancelled ? "cancelled" : "failed";
      target.replaceChildren(
        element(
          "p",
          { class: "pg-problem", id: "pg-stopped" },
          error.cancelled ? `${label} cancelled: nothing changed in the playground.` : error.message,
        ),
      );
      return undefined;
    } finally {
      clearInterval(ticking);
      progress.hidden = true;
      buildButton.disabled = false;
      runButton.disabled = false;
      if (["building", "running", "checking"].includes(root.dataset.state ?? "")) root.dataset.state = "idle";
    }
  };

  root.querySelector("#pg-add-file")?.addEventListener("click", () => {
    addFile("", "");
    saveDraft();
  });
  buildButton.addEventListener("click", async () => {
    runResult.replaceChildren();
    const view = await work("Building", buildResult, () => engine.build(readState(), profile));
    if (view) showBuild(view);
  });
  runButton.addEventListener("click", async () => {
    const result = await work("Running", runResult, () => engine.run(command.value, profile));
    if (result) showRun(result);
  });
  cancel.addEventListener("click", () => engine.cancel());

  // Challenges: choosing one loads its starting project; the worker checks the learner's version.
  const challengeSelect = root.querySelector("#pg-challenge") as HTMLSelectElement;
  const challengeGoal = root.querySelector("#pg-challenge-goal") as HTMLElement;
  const challengeCheck = root.querySelector("#pg-challenge-check") as HTMLButtonElement;
  const challengeResult = root.querySelector("#pg-challenge-result") as HTMLElement;
  challengeSelect.addEventListener("change", () => {
    const challenge = CHALLENGES.find((candidate) => candidate.id === challengeSelect.value);
    challengeResult.textContent = "";
    challengeCheck.disabled = challenge === undefined;
    challengeGoal.textContent = challenge ? `Goal: ${challenge.goal}` : "";
    if (challenge) {
      load(challenge.start);
      saveDraft();
    }
  });
  challengeCheck.addEventListener("click", async () => {
    const id = challengeSelect.value;
    const result = await work("Checking", challengeResult, () => engine.challenge(id, readState(), profile));
    if (!result) return;
    challengeResult.textContent = result.message;
    challengeResult.className = result.passed ? "lc-right" : "lc-wrong";
  });
  root.querySelector("#pg-share")?.addEventListener("click", async () => {
    const url = `${location.origin}${location.pathname}#${encodeState(readState())}`;
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url);
      shareStatus.textContent = "Link copied.";
    } catch {
      shareStatus.textContent = "The link is in the address bar.";
    }
  });

  const openShared = (announce: boolean): boolean => {
    if (location.hash.length <= 1) return false;
    const shared = decodeState(location.hash);
    if ("problem" in shared) {
      shareStatus.textContent = `Could not open the shared playground: ${shared.problem}.`;
      return false;
    }
    load(shared.state);
    saveDraft();
    if (announce) shareStatus.textContent = "Opened the shared playground. Build to see its cache.";
    return true;
  };
  // A link pasted into this tab changes only the hash: no reload, so listen for it.
  window.addEventListener("hashchange", () => openShared(true));

  if (!openShared(false)) {
    const saved = parseSavedState(localStorage.getItem(DRAFT_KEY));
    load(saved ?? DEFAULT_STATE);
  }
  root.dataset.state = "idle";
}
