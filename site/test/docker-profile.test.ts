/**
 * The learner's Docker in headless Chromium against the built site: asked once on a lesson, the
 * lesson's blocks switch to the engine's output for the chosen profile without a reload, the choice
 * survives a reload and reaches practice (questions asked and graded for it), the progress code
 * carries it to a fresh browser, a switch mid-run says what happens, the playground simulates it,
 * and no page logs an error on the way.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { readContentLibrary } from "@layercake/shared/content/node";
import type { DockerProfile, Question } from "@layercake/shared/core";
import { learnerProfile } from "@layercake/shared/engine";
import { decodeProgressCode } from "@layercake/shared/progress";
import { type PresentedQuestion, presentQuestion, questionsForProfile } from "@layercake/shared/quiz";
import { type BlockDifference, compareLessonScenario } from "@layercake/shared/scenario";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_DIR } from "../src/lib/content-dir.ts";
import { lessonPath } from "../src/lib/sidebar.ts";
import { DIST, launchChromium, listHtmlFiles, runBrowserSuites, serveDist } from "./site.ts";

const CHOSEN: DockerProfile = "26.1-overlay2";
const DEFAULT: DockerProfile = "26.1-containerd";
const SIZE = /\d(?:\.\d+)?\s?(?:B|kB|MB|GB)\b/;

/** The first block of a lesson (document order) whose output differs between CHOSEN and DEFAULT on a size. */
function firstSizeDifference(): {
  path: string;
  difference: BlockDifference;
  line: { chosen: string; shown: string };
} {
  const { library } = readContentLibrary(CONTENT_DIR);
  for (const lesson of library.lessons) {
    const differences = lesson.scenarios
      .flatMap((scenario) => compareLessonScenario(scenario).differences)
      .sort((left, right) => left.location.line - right.location.line);
    for (const difference of differences) {
      for (const command of difference.commands) {
        // Within the lines the difference table lists (lesson-markdown.ts lists the first six).
        for (const line of command.lines.slice(0, 6)) {
          const chosen = line.byProfile[CHOSEN];
          const shown = line.byProfile[DEFAULT];
          if (chosen && shown && chosen !== shown && SIZE.test(chosen) && SIZE.test(shown))
            return { path: lessonPath(lesson), difference, line: { chosen, shown } };
        }
      }
    }
  }
  throw new Error("no lesson block differs in a size between the overlay2 and containerd profiles");
}

function pageQuestions(dir: string): Question[] {
  const html = readFileSync(join(DIST, dir, "index.html"), "utf8");
  const json = /<script type="application\/json" id="lc-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "{}";
  return (JSON.parse(json) as { questions: Question[] }).questions;
}

/** A graded answer that is right for one profile: what `key` accepts, typed into the form. */
async function answerWith(page: Page, presented: PresentedQuestion): Promise<void> {
  const { view, key } = presented;
  const form = page.locator("#lc-question");
  if (view.mode === "numeric") await form.locator("input").fill(String(key.numeric?.answer ?? ""));
  else if (view.mode === "text") await form.locator("input").fill(key.accepted?.[0] ?? "");
  else for (const id of key.correctChoiceIds ?? []) await form.locator(`input[value="${id}"]`).check();
  await page.locator("#lc-check").click();
}

/** Collects what the page logs as errors (console.error, uncaught exceptions). */
function watchErrors(page: Page, errors: string[]): Page {
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return page;
}

describe.runIf(runBrowserSuites)("the learner's Docker in Chromium", () => {
  let browser: Browser;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    browser = await launchChromium();
    ({ server, url: base } = await serveDist());
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("is asked once, switches a lesson's numbers to the engine's, and follows the learner to practice and the playground", async () => {
    const errors: string[] = [];
    const context = await browser.newContext();
    const page = watchErrors(await context.newPage(), errors);
    const { path, line } = firstSizeDifference();
    const visibleConsole = () =>
      page
        .locator(".lc-variant:visible pre")
        .evaluateAll((blocks) => blocks.map((block) => block.textContent ?? "").join("\n"));

    await page.goto(`${base}${path.slice(1)}`);
    // Before any choice: the default Docker's output, and the question asked once.
    await expect(page.locator("html").getAttribute("data-lc-profile")).resolves.toBe(DEFAULT);
    await expect(visibleConsole()).resolves.toContain(line.shown);
    await expect(visibleConsole()).resolves.not.toContain(line.chosen);
    const ask = page.locator("#lc-docker-ask");
    await expect(ask.locator("legend").textContent()).resolves.toBe("Which Docker do you run?");
    await expect(ask.locator("label").allTextContents()).resolves.toEqual(
      [DEFAULT, CHOSEN, "20.10-overlay2"].map((id) => ` ${learnerProfile(id as DockerProfile).label}`),
    );
    await ask.locator(`input[value="${CHOSEN}"]`).check();
    await ask.locator("button[type=submit]").click();
    await expect(ask.count()).resolves.toBe(0);

    // The same block now shows the chosen Docker's line, without a reload.
    await expect.poll(visibleConsole).toContain(line.chosen);
    await expect(visibleConsole()).resolves.not.toContain(line.shown);
    await expect(page.locator(".lc-docker-select").first().inputValue()).resolves.toBe(CHOSEN);

    // Kept with the progress: after a reload the choice holds and nothing is asked again.
    await page.reload();
    await expect(page.locator("html").getAttribute("data-lc-profile")).resolves.toBe(CHOSEN);
    await expect(visibleConsole()).resolves.toContain(line.chosen);
    await expect(page.locator("#lc-docker-ask").count()).resolves.toBe(0);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("layercake:progress") ?? "{}"));
    expect(stored.dockerProfile.id).toBe(CHOSEN);

    // Practice asks the questions that hold for the chosen Docker, graded for it.
    const practice = listHtmlFiles()
      .filter((file) => /^practice\/(?!review)[a-z-]+\/index\.html$/.test(file))
      .map((file) => file.replace(/\/index\.html$/, ""))
      .find((dir) => pageQuestions(dir).some((question) => question.kind === "scenario")) as string;
    const asked = questionsForProfile(pageQuestions(practice), CHOSEN);
    const index = asked.findIndex((question) => question.kind === "scenario");
    const scenario = asked[index] as Question;
    await page.goto(`${base}${practice}/?seed=5`);
    await expect.poll(() => page.locator("#lc-status").textContent()).toMatch(/^Question 1 of \d+/);
    await expect(page.locator("#lc-status").textContent()).resolves.toContain(`of ${asked.length} `);
    await expect(page.locator("#lc-docker-ask").count()).resolves.toBe(0);
    await page.locator("#lc-jump").selectOption(String(index));
    await expect.poll(() => page.locator("#lc-question").getAttribute("data-question-id")).toBe(scenario.id);
    await answerWith(page, presentQuestion(scenario, { seed: 5 + index, profile: CHOSEN }));
    await expect(page.locator("#lc-feedback .lc-verdict").textContent()).resolves.toMatch(/^Right/);

    // The progress code carries the choice to another browser, where an import switches to it.
    await page.locator(".lc-transfer summary").click();
    await page.locator("#lc-export-code").click();
    const code = await page.locator("#lc-code").inputValue();
    const decoded = decodeProgressCode(code);
    expect("progress" in decoded && decoded.progress.dockerProfile?.id).toBe(CHOSEN);
    const other = await browser.newContext();
    const fresh = watchErrors(await other.newPage(), errors);
    await fresh.goto(`${base}${practice}/`);
    await expect(fresh.locator("html").getAttribute("data-lc-profile")).resolves.toBe(DEFAULT);
    await fresh.locator(".lc-transfer summary").click();
    await fresh.locator("#lc-code").fill(code);
    await fresh.locator("#lc-import-code").click();
    await expect.poll(() => fresh.locator("html").getAttribute("data-lc-profile")).toBe(CHOSEN);
    await expect(fresh.locator(".lc-docker-select").first().inputValue()).resolves.toBe(CHOSEN);
    // The run moved to the imported Docker and says so.
    await expect.poll(() => fresh.locator("#lc-status").textContent()).toMatch(/^Now asking for /);
    await other.close();

    // Switching mid-run: the questions to come follow the new Docker, and the page says so.
    await page.locator(".lc-docker-select").first().selectOption("20.10-overlay2");
    await expect
      .poll(() => page.locator("#lc-status").textContent())
      .toMatch(/^Now asking for Engine 20\.10 \/ classic builder: the questions still to come/);

    // The playground simulates the learner's Docker and says which.
    await page.goto(`${base}playground/`);
    await page.locator("#lc-playground[data-state='idle']").waitFor();
    await expect(page.locator("#pg-docker").inputValue()).resolves.toBe("20.10-overlay2");
    await page.locator("#pg-docker").selectOption(CHOSEN);
    await expect(page.locator("html").getAttribute("data-lc-profile")).resolves.toBe(CHOSEN);
    await page.locator("#pg-build").click();
    await page.locator("#lc-playground[data-state='idle']").waitFor();
    await expect(page.locator("#pg-build-summary").textContent()).resolves.toMatch(
      new RegExp(`^Built playground:latest with BuildKit on ${learnerProfile(CHOSEN).daemon.name}: `),
    );
    await context.close();
    expect(errors).toEqual([]);
  });

  it("shows how the other Dockers differ under a block, and keeps a dismissal", async () => {
    const errors: string[] = [];
    const context = await browser.newContext();
    const page = watchErrors(await context.newPage(), errors);
    const { path, difference, line } = firstSizeDifference();
    await page.goto(`${base}${path.slice(1)}`);
    await page.locator(".lc-variant-diff summary").first().click();
    await expect(page.locator(".lc-variant-diff").first().getAttribute("open")).resolves.toBe("");
    // Open them all: the block's table is the one that lists the line.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll("details.lc-variant-diff"))
        (details as HTMLDetailsElement).open = true;
    });
    const table = page.locator(".lc-variant-diff", { hasText: line.chosen.trim() }).first();
    // One column per group of Dockers whose output agrees, as the engine grouped them.
    await expect(table.locator("th[scope=col]").count()).resolves.toBe(difference.groups.length + 1);
    await page.locator("#lc-docker-ask-dismiss").click();
    await page.reload();
    await expect(page.locator("#lc-docker-ask").count()).resolves.toBe(0);
    await expect(page.locator("html").getAttribute("data-lc-profile")).resolves.toBe(DEFAULT);
    await context.close();
    expect(errors).toEqual([]);
  });
});
