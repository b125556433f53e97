/**
 * The practice island: questions of one topic (or the due ones), graded in the browser by the
 * shared quiz core and engine; every grade moves the question's FSRS card in localStorage.
 */
import type { Question } from "@layercake/shared/core";
import { dueCards, gradeAnswer, type PresentedQuestion, presentQuestion } from "@layercake/shared/quiz";
import { mergeProgress, parseProgress, recordGrade, summarizeProgress } from "../lib/progress.ts";
import { lessonHref, readPageData } from "./page-data.ts";
import { loadProgress, saveProgress } from "./progress-store.ts";
import { renderGrade, renderQuestion } from "./question-ui.ts";

const root = document.getElementById("lc-practice");
if (root) startPractice(root);

function startPractice(root: HTMLElement): void {
  const data = readPageData();
  const mode = root.dataset.mode === "review" ? "review" : "topic";
  const form = root.querySelector<HTMLFormElement>("#lc-question") as HTMLFormElement;
  const feedback = root.querySelector<HTMLElement>("#lc-feedback") as HTMLElement;
  const status = root.querySelector<HTMLElement>("#lc-status") as HTMLElement;
  const check = root.querySelector<HTMLButtonElement>("#lc-check") as HTMLButtonElement;
  const next = root.querySelector<HTMLButtonElement>("#lc-next") as HTMLButtonElement;
  const summary = document.getElementById("lc-progress-summary");

  const byId = new Map(data.questions.map((question) => [question.id, question]));
  const queue = (): Question[] => {
    if (mode === "topic") return data.questions;
    const progress = loadProgress();
    return dueCards(Object.values(progress.cards), new Date()).flatMap(
      (card) => byId.get(card.questionId) ?? [],
    );
  };
  // ?seed=N replays the same presentation (shared links, tests); otherwise every visit shuffles.
  const seedParameter = Number(new URLSearchParams(location.search).get("seed"));
  const baseSeed =
    Number.isInteger(seedParameter) && seedParameter > 0 ? seedParameter : Date.now() % 1_000_000;
  let questions = queue();
  let index = 0;
  let current: PresentedQuestion | undefined;
  let read: (() => ReturnType<ReturnType<typeof renderQuestion>>) | undefined;

  const showSummary = () => {
    if (!summary) return;
    const counts = summarizeProgress(loadProgress(), new Date());
    summary.textContent = `${counts.answered} answered, ${counts.correct} right, ${counts.due} due for review, ${counts.streakDays}-day streak.`;
  };

  const show = () => {
    feedback.replaceChildren();
    next.hidden = true;
    check.hidden = false;
    const question = questions[index];
    if (!question) {
      form.replaceChildren();
      check.hidden = true;
      status.textContent =
        mode === "review"
          ? "Nothing is due for review. Come back later, or practise a topic."
          : "You have answered every question of this topic. Start again to shuffle them.";
      return;
    }
    status.textContent = `Question ${index + 1} of ${questions.length}`;
    current = presentQuestion(question, { seed: baseSeed + index });
    read = renderQuestion(form, current.view);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check.click();
  });
  check.addEventListener("click", () => {
    if (!current || !read) return;
    const response = read();
    if ("problem" in response) {
      feedback.replaceChildren(
        Object.assign(document.createElement("p"), {
          className: "lc-verdict",
          textContent: response.problem,
        }),
      );
      return;
    }
    const grade = gradeAnswer(current.key, response);
    const question = byId.get(current.view.questionId);
    renderGrade(feedback, grade, question ? lessonHref(data, question) : undefined);
    if (grade.problem === undefined) {
      saveProgress(recordGrade(loadProgress(), grade, new Date()));
      showSummary();
      check.hidden = true;
      next.hidden = false;
      next.focus();
    }
  });
  next.addEventListener("click", () => {
    index += 1;
    if (mode === "review") {
      questions = queue();
      index = 0;
    }
    show();
  });

  const exportButton = document.getElementById("lc-export");
  exportButton?.addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(loadProgress(), null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `layercake-progress-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const importInput = document.getElementById("lc-import") as HTMLInputElement | null;
  const importStatus = document.getElementById("lc-import-status");
  importInput?.addEventListener("change", async () => {
    const file = importInput.files?.[0];
    if (!file || !importStatus) return;
    const parsed = parseProgress(await file.text());
    if ("problem" in parsed) {
      importStatus.textContent = `Could not import ${file.name}: ${parsed.problem}. Your stored progress is unchanged.`;
      return;
    }
    saveProgress(mergeProgress(loadProgress(), parsed.progress));
    importStatus.textContent = `Imported ${Object.keys(parsed.progress.cards).length} review cards from ${file.name}.`;
    showSummary();
  });

  showSummary();
  show();
}
