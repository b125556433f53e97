import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readContentLibrary } from "@layercake/shared/content/node";
import { DOCKER_PROFILES } from "@layercake/shared/core";
import { LEARNER_PROFILES } from "@layercake/shared/engine";
import { compareLessonScenario, type LessonScenarioComparison } from "@layercake/shared/scenario";
import { describe, expect, it } from "vitest";
import { CONTENT_DIR } from "./content-dir.ts";
import { DEFAULT_PROFILE, PROFILE_IDS } from "./docker-choice.ts";
import { renderLessonMarkdown } from "./lesson-markdown.ts";
import { storageDriversByProfile } from "./lessons-loader.ts";

const { library } = readContentLibrary(CONTENT_DIR);
/** The lesson with the most blocks that differ between Dockers, compared as the loader does. */
const [lesson, comparisons] = library.lessons
  .map((candidate) => {
    const compared = new Map<string, LessonScenarioComparison>(
      candidate.scenarios.map((scenario) => [scenario.name, compareLessonScenario(scenario)]),
    );
    return [candidate, compared] as const;
  })
  .reduce((best, next) => {
    const count = (compared: ReadonlyMap<string, LessonScenarioComparison>) =>
      [...compared.values()].reduce((sum, comparison) => sum + comparison.differences.length, 0);
    return count(next[1]) > count(best[1]) ? next : best;
  });

describe("a lesson rendered for every Docker", () => {
  const markdown = renderLessonMarkdown(lesson, comparisons);
  const differences = [...comparisons.values()].flatMap((comparison) => comparison.differences);

  it("wraps each differing block once per group of Dockers that agree, and no other block", () => {
    const variants = [...markdown.matchAll(/<div class="lc-variant" data-profiles="([^"]+)">/g)];
    expect(differences.length).toBeGreaterThan(0);
    expect(variants).toHaveLength(differences.reduce((sum, difference) => sum + difference.groups.length, 0));
    expect(variants.map((match) => match[1])).toEqual(
      differences.flatMap((difference) => difference.groups.map((group) => group.join(" "))),
    );
  });

  it("shows each Docker the engine's own output of a differing command", () => {
    for (const [name, comparison] of comparisons) {
      for (const difference of comparison.differences) {
        for (const command of difference.commands) {
          for (const group of difference.groups) {
            const profile = group[0] as (typeof DOCKER_PROFILES)[number];
            const output = (command.outputs[profile] ?? "").replace(/\n+$/, "");
            const wrapper = new RegExp(
              `<div class="lc-variant" data-profiles="${group.join(" ")}">([\\s\\S]*?)</div>`,
              "g",
            );
            const shown = [...markdown.matchAll(wrapper)].some((match) => match[1]?.includes(output));
            expect(shown, `${name}: ${command.command} on ${profile}`).toBe(true);
          }
        }
      }
    }
  });

  it("tabulates the differing lines of a console block for every group", () => {
    const consoleDifference = differences.find((difference) => difference.commands.length > 0);
    const line = consoleDifference?.commands[0]?.lines[0];
    if (consoleDifference === undefined || line === undefined) return;
    for (const group of consoleDifference.groups) {
      const text = line.byProfile[group[0] as (typeof DOCKER_PROFILES)[number]];
      if (text !== undefined)
        expect(markdown).toContain(
          `<td><code>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")}</code></td>`,
        );
    }
  });
});

describe("the Which store am I on? box", () => {
  const sized = library.lessons.find((candidate) =>
    candidate.markdown.includes("> **Which store am I on?**"),
  );
  const drivers = storageDriversByProfile();

  it("names the driver docker info prints on each simulated daemon", () => {
    expect(drivers).toEqual({
      "26.1-containerd": "overlayfs",
      "26.1-overlay2": "overlay2",
      "20.10-overlay2": "overlay2",
    });
  });

  it("becomes an aside that ends with what the learner's Docker prints", () => {
    expect(sized).toBeDefined();
    if (sized === undefined) return;
    const markdown = renderLessonMarkdown(sized, new Map(), undefined, drivers);
    expect(markdown).toContain('<aside aria-label="Which store am I on?" class="starlight-aside');
    expect(markdown).not.toContain("> **Which store am I on?**");
    for (const profile of PROFILE_IDS)
      expect(markdown).toMatch(
        new RegExp(`<p class="lc-variant" data-profiles="${profile}">[^<]*<code>${drivers[profile]}</code>`),
      );
  });
});

describe("the profile ids the site switches on", () => {
  it("are the engine's learner profiles, in the picker's order, the default first", () => {
    expect(PROFILE_IDS).toEqual(LEARNER_PROFILES.map((profile) => profile.id));
    expect([...PROFILE_IDS].sort()).toEqual([...DOCKER_PROFILES].sort());
    expect(DEFAULT_PROFILE).toBe(PROFILE_IDS[0]);
  });

  it("each have the CSS rule that shows their lesson variants", () => {
    const css = readFileSync(join(import.meta.dirname, "..", "styles", "layercake.css"), "utf8");
    for (const id of PROFILE_IDS)
      expect(css).toContain(`:root[data-lc-profile="${id}"] .lc-variant[data-profiles~="${id}"]`);
    expect(css).toContain(`:root:not([data-lc-profile]) .lc-variant[data-profiles~="${DEFAULT_PROFILE}"]`);
  });
});
