/**
 * A build-cache diagram drawn from a build's own output: each step of the last `docker build` in a
 * console transcript as a row, CACHED or RAN, so the first miss and everything it invalidates
 * below it are seen at a glance. BuildKit (`#5 [2/6] COPY …` then `#5 CACHED`) and classic
 * (`Step 2/6 : COPY …` then ` ---> Using cache`) outputs are both read.
 */

export interface CacheStep {
  instruction: string;
  cached: boolean;
}

/** The steps of the last build in `transcript` (`$ docker build …` and its output). */
export function parseBuildSteps(transcript: string): CacheStep[] {
  const builds = transcript.split(/^\$ .*docker (?:image )?build\b.*$/m);
  const last = builds.at(-1) ?? "";
  const steps: CacheStep[] = [];
  const buildkit = [...last.matchAll(/^#(\d+) \[(?:[^\]]*? )?(\d+)\/(\d+)\] (.+)$/gm)];
  if (buildkit.length > 0) {
    for (const match of buildkit) {
      const [, vertex, , , instruction] = match;
      if (/^FROM /.test(instruction ?? "")) continue;
      steps.push({
        instruction: instruction?.trim() ?? "",
        cached: new RegExp(`^#${vertex} CACHED$`, "m").test(last),
      });
    }
    return steps;
  }
  const classic = last.split(/^Step \d+\/\d+ : /m).slice(1);
  for (const block of classic) {
    const instruction = block.split("\n")[0]?.trim() ?? "";
    if (/^FROM /i.test(instruction)) continue;
    steps.push({ instruction, cached: /---> Using cache/.test(block) });
  }
  return steps;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The diagram as inline SVG (accessible name and description included); undefined without steps. */
export function renderCacheDiagram(steps: readonly CacheStep[], id: string): string | undefined {
  if (steps.length === 0) return undefined;
  const rowHeight = 34;
  const top = 40;
  const width = 380;
  const height = top + steps.length * rowHeight + 40;
  const firstMiss = steps.findIndex((step) => !step.cached);
  const rows = steps
    .map((step, index) => {
      const y = top + index * rowHeight;
      const fill = step.cached ? "#dcfce7" : "#ffedd5";
      const stroke = step.cached ? "#15803d" : "#c2410c";
      const label = step.instruction.length > 30 ? `${step.instruction.slice(0, 29)}…` : step.instruction;
      return (
        `<rect x="16" y="${y}" width="${width - 32}" height="${rowHeight - 6}" rx="6" fill="${fill}" stroke="${stroke}"/>` +
        `<text x="28" y="${y + 19}" font-size="14" font-family="ui-monospace, monospace" fill="#111111">${escapeXml(label)}</text>` +
        `<text x="${width - 28}" y="${y + 19}" font-size="14" font-weight="bold" font-family="system-ui, sans-serif" text-anchor="end" fill="${stroke}">${step.cached ? "CACHED" : "RAN"}</text>`
      );
    })
    .join("");
  const note =
    firstMiss < 0
      ? "Every step was answered from the cache."
      : `The first miss is step ${firstMiss + 1}; every step after it runs again.`;
  const description = steps
    .map((step) => `${step.instruction}: ${step.cached ? "cached" : "ran"}`)
    .join("; ");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">Cache decisions of the rebuild: ${note}</title><desc id="${id}-desc">${escapeXml(description)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="16" y="26" font-size="15" font-weight="bold" font-family="system-ui, sans-serif" fill="#111111">The rebuild, step by step (top to bottom)</text>` +
    rows +
    `<text x="16" y="${height - 14}" font-size="13" font-family="system-ui, sans-serif" fill="#333333">${escapeXml(note)}</text>` +
    "</svg>"
  );
}
