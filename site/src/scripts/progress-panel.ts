/**
 * The progress panel of the practice and review pages: counts, mastery of the page's topics, a
 * due forecast, and moving progress to or from another device — the progress file, or the short
 * code that the Discord bot's `/progress import` and `layercake quiz --import` also read.
 */
import { encodeProgressCode, readProgressInput, serializeProgress } from "@layercake/shared/progress";
import { dueForecast, mergeProgress, summarizeProgress, topicMastery } from "../lib/progress.ts";
import { followStoredProfile } from "./docker-picker.ts";
import { element } from "./dom.ts";
import { readPageData } from "./page-data.ts";
import { loadProgress, saveProgress } from "./progress-store.ts";

/** Redraws the panel from stored progress (after each answer and each import). */
export function refreshProgressPanel(): void {
  const summary = document.getElementById("lc-progress-summary");
  const mastery = document.getElementById("lc-progress-mastery");
  const forecast = document.getElementById("lc-progress-forecast");
  if (!summary) return;
  const progress = loadProgress();
  const now = new Date();
  const counts = summarizeProgress(progress, now);
  summary.textContent = `${counts.answered} answered, ${counts.correct} right, ${counts.due} due for review, ${counts.streakDays}-day streak, ${counts.lessonsRead} lesson${counts.lessonsRead === 1 ? "" : "s"} read.`;
  if (mastery) {
    const topics = new Map<string, string[]>();
    for (const question of readPageData().questions) {
      topics.set(question.topic, [...(topics.get(question.topic) ?? []), question.id]);
    }
    const rows = topicMastery(
      progress,
      [...topics].map(([topic, questionIds]) => ({ topic, title: topic, questionIds })),
      now,
    ).filter((row) => topics.size === 1 || row.seen > 0);
    mastery.replaceChildren(
      ...rows.map((row) =>
        element(
          "li",
          {},
          `${row.topic}: ${row.mastered} of ${row.total} mastered, ${row.seen} seen, ${row.due} due`,
        ),
      ),
    );
  }
  if (forecast) {
    const days = dueForecast(progress, now, 7);
    const label = (day: string) =>
      /^\d{4}-/.test(day)
        ? new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { weekday: "short", timeZone: "UTC" })
        : day;
    forecast.textContent = `Due: ${days.map((day) => `${label(day.day)} ${day.due}`).join(" · ")}`;
  }
}

/** Export (file, code) and import (file, code) buttons; an import merges and never loses a review. */
export function wireProgressTransfer(): void {
  const status = document.getElementById("lc-import-status");
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const importText = (text: string, from: string) => {
    const parsed = readProgressInput(text);
    if ("problem" in parsed) {
      say(`Could not import ${from}: ${parsed.problem}. Your stored progress is unchanged.`);
      return;
    }
    saveProgress(mergeProgress(loadProgress(), parsed.progress));
    say(
      `Imported ${Object.keys(parsed.progress.cards).length} review cards from ${from}, merged with yours.`,
    );
    refreshProgressPanel();
    // The Docker chosen last (here or where the code came from) is the one the pages now follow.
    followStoredProfile();
  };
  document.getElementById("lc-export")?.addEventListener("click", () => {
    const blob = new Blob([serializeProgress(loadProgress())], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `layercake-progress-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const codeField = document.getElementById("lc-code") as HTMLTextAreaElement | null;
  document.getElementById("lc-export-code")?.addEventListener("click", async () => {
    if (!codeField) return;
    codeField.value = encodeProgressCode(loadProgress());
    codeField.select();
    try {
      await navigator.clipboard.writeText(codeField.value);
      say(
        "Code copied. Paste it into /progress import in Discord, layercake quiz --import, or this page elsewhere.",
      );
    } catch {
      say("Copy the code from the field.");
    }
  });
  document.getElementById("lc-import-code")?.addEventListener("click", () => {
    if (codeField && codeField.value.trim() !== "") importText(codeField.value, "the code");
    else say("Paste a progress code (lc2.…) into the field first.");
  });
  const fileInput = document.getElementById("lc-import") as HTMLInputElement | null;
  fileInput?.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (file) importText(await file.text(), file.name);
  });
}
