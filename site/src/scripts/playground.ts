/** The playground island: DOM over the playground model (src/lib/playground.ts). */
import {
  type BuildView,
  buildPlayground,
  createPlaygroundSession,
  DEFAULT_STATE,
  decodeState,
  encodeState,
  type PlaygroundState,
  runPlayground,
} from "../lib/playground.ts";
import { element } from "./dom.ts";

const root = document.getElementById("lc-playground");
if (root) startPlayground(root);

function startPlayground(root: HTMLElement): void {
  const session = createPlaygroundSession();
  const builder = root.querySelector("#pg-builder") as HTMLSelectElement;
  const dockerfile = root.querySelector("#pg-dockerfile") as HTMLTextAreaElement;
  const filesBox = root.querySelector("#pg-files") as HTMLElement;
  const command = root.querySelector("#pg-command") as HTMLInputElement;
  const buildResult = root.querySelector("#pg-build-result") as HTMLElement;
  const runResult = root.querySelector("#pg-run-result") as HTMLElement;
  const shareStatus = root.querySelector("#pg-share-status") as HTMLElement;
  let fileCount = 0;

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
      { type: "button", "aria-label": `Remove file ${name || "(unnamed)"}` },
      "Remove",
    );
    remove.addEventListener("click", () => row.remove());
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

  const showBuild = (view: BuildView) => {
    const parts: HTMLElement[] = [];
    const hits = view.steps.filter((step) => step.cache === "hit").length;
    const misses = view.steps.filter((step) => step.cache === "miss").length;
    parts.push(
      element(
        "p",
        { id: "pg-build-summary" },
        view.ok
          ? `Built playground:latest: ${misses} step${misses === 1 ? "" : "s"} ran, ${hits} came from the cache. Image size ${view.imageSize}.`
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
      row.append(
        element("td", {}, step.instruction),
        element("td", {}, step.cache === "hit" ? "CACHED" : step.cache === "miss" ? "RAN" : "—"),
        element("td", {}, step.layer === "layer" ? `a layer (${step.size ?? "0B"})` : step.layer),
        element("td", {}, step.reasons.join(" ")),
      );
      table.append(row);
    }
    parts.push(table);
    if (view.ok) {
      const layers = element("details", { open: "" });
      layers.append(
        element(
          "summary",
          {},
          `docker history: ${view.layers.length} entries, ${view.layers.filter((layer) => !layer.empty).length} with a filesystem layer`,
        ),
      );
      const list = element("ol");
      for (const layer of view.layers)
        list.append(element("li", {}, `${layer.size} — ${layer.createdBy || "(base image)"}`));
      layers.append(list);
      const tree = element("details");
      tree.append(
        element("summary", {}, "The union view (what a container sees)"),
        element("pre", { tabindex: "0" }, view.tree.join("\n")),
      );
      parts.push(layers, tree);
    }
    const output = element("details");
    output.append(element("summary", {}, "Builder output"), element("pre", { tabindex: "0" }, view.output));
    parts.push(output);
    buildResult.replaceChildren(...parts);
  };

  root.querySelector("#pg-add-file")?.addEventListener("click", () => addFile("", ""));
  root.querySelector("#pg-build")?.addEventListener("click", () => {
    runResult.replaceChildren();
    showBuild(buildPlayground(session, readState()));
  });
  root.querySelector("#pg-run")?.addEventListener("click", () => {
    const result = runPlayground(session, command.value);
    if ("problem" in result) {
      runResult.replaceChildren(element("p", {}, result.problem));
      return;
    }
    const diff = element(
      "pre",
      { id: "pg-diff", tabindex: "0" },
      result.diff.length === 0 ? "(no changes)" : result.diff.join("\n"),
    );
    const reasons = element("ul");
    for (const reason of result.reasons) reasons.append(element("li", {}, reason));
    runResult.replaceChildren(
      element(
        "p",
        {},
        `Exit code ${result.exitCode}. Writable layer: ${result.sizeRw} (virtual ${result.virtualSize}).`,
      ),
      element("pre", { tabindex: "0" }, result.output || "(no output)"),
      element("p", {}, "docker diff:"),
      diff,
      reasons,
    );
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

  const shared = location.hash.length > 1 ? decodeState(location.hash) : undefined;
  if (shared && "problem" in shared)
    shareStatus.textContent = `Could not open the shared playground: ${shared.problem}.`;
  load(shared && "state" in shared ? shared.state : DEFAULT_STATE);
}
