/**
 * Renders one presented question into a form (choices as radio buttons or checkboxes, ordering as
 * a list with move buttons, numbers and text as inputs) and a grade as feedback. Shared by the
 * practice, review and interview pages.
 */
import type { Grade, QuestionView, QuizResponse, ReviewRating } from "@layercake/shared/quiz";
import { inlineMarkdownToHtml, markdownToHtml } from "../lib/markdown-html.ts";
import { viewReason } from "../lib/rule-lessons.ts";
import { element } from "./dom.ts";

function scenarioBlock(view: QuestionView): HTMLElement | undefined {
  const scenario = view.scenario;
  if (!scenario) return undefined;
  const box = element("div", { class: "lc-scenario" });
  box.append(
    element(
      "p",
      {},
      `Builder: ${scenario.builder === "classic" ? "classic (DOCKER_BUILDKIT=0)" : "BuildKit"}`,
    ),
  );
  const file = (name: string, content: string) => {
    box.append(element("p", { class: "lc-file-name" }, name));
    box.append(element("pre", { tabindex: "0" }, content));
  };
  file("Dockerfile", scenario.dockerfile);
  for (const [name, content] of Object.entries(scenario.files)) file(name, content);
  for (const [name, content] of Object.entries(scenario.edits))
    file(`${name} — after the first build, edited to`, content);
  if (scenario.command) file("Command run in a container (sh -c)", scenario.command);
  return box;
}

/** Renders `view` into `form`; returns a function that reads the learner's response. */
export function renderQuestion(
  form: HTMLFormElement,
  view: QuestionView,
): () => QuizResponse | { problem: string } {
  form.replaceChildren();
  form.dataset.questionId = view.questionId;
  const prompt = element("div", { class: "lc-prompt", id: `prompt-${view.questionId}` });
  prompt.innerHTML = markdownToHtml(view.prompt);
  form.append(prompt);
  const scenario = scenarioBlock(view);
  if (scenario) form.append(scenario);
  const name = `answer-${view.questionId}`;
  switch (view.mode) {
    case "single":
    case "true-false":
    case "multiple": {
      const fieldset = element("fieldset", { class: "lc-choices" });
      fieldset.append(
        element("legend", {}, view.mode === "multiple" ? "Choose every right answer" : "Choose one answer"),
      );
      for (const choice of view.choices ?? []) {
        const label = element("label", { class: "lc-choice" });
        const input = element("input", {
          type: view.mode === "multiple" ? "checkbox" : "radio",
          name,
          value: choice.id,
        });
        const text = element("span");
        text.innerHTML = inlineMarkdownToHtml(choice.text);
        label.append(input, text);
        fieldset.append(label);
      }
      form.append(fieldset);
      return () => {
        const choiceIds = [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
          (input) => input.value,
        );
        if (choiceIds.length === 0) return { problem: "Choose an answer first." };
        return { mode: view.mode as "single" | "multiple" | "true-false", choiceIds };
      };
    }
    case "ordering": {
      const list = element("ol", { class: "lc-order", "aria-label": "Items in your order" });
      const renderItems = (ids: string[]) => {
        list.replaceChildren();
        ids.forEach((id, index) => {
          const item = element("li", { "data-id": id });
          const text = element("span");
          text.innerHTML = inlineMarkdownToHtml(view.choices?.find((choice) => choice.id === id)?.text ?? id);
          const up = element("button", { type: "button", "aria-label": `Move up: ${text.textContent}` }, "↑");
          const down = element(
            "button",
            { type: "button", "aria-label": `Move down: ${text.textContent}` },
            "↓",
          );
          up.disabled = index === 0;
          down.disabled = index === ids.length - 1;
          up.addEventListener("click", () => {
            const next = [...ids];
            [next[index - 1], next[index]] = [next[index] as string, next[index - 1] as string];
            renderItems(next);
            (list.children[index - 1]?.querySelector("button") as HTMLButtonElement | null)?.focus();
          });
          down.addEventListener("click", () => {
            const next = [...ids];
            [next[index + 1], next[index]] = [next[index] as string, next[index + 1] as string];
            renderItems(next);
          });
          item.append(text, up, down);
          list.append(item);
        });
      };
      renderItems((view.choices ?? []).map((choice) => choice.id));
      form.append(element("p", {}, "Put the items in the right order with the arrow buttons."), list);
      return () => ({
        mode: "ordering",
        order: [...list.querySelectorAll("li")].map((item) => item.getAttribute("data-id") ?? ""),
      });
    }
    case "numeric": {
      const label = element("label", { for: name }, `Your answer${view.unit ? ` (in ${view.unit})` : ""}`);
      const input = element("input", {
        id: name,
        name,
        type: "text",
        inputmode: "decimal",
        autocomplete: "off",
      });
      form.append(label, input);
      return () => {
        const value = Number(input.value.trim().replace(",", "."));
        return input.value.trim() === "" || !Number.isFinite(value)
          ? { problem: "Type a number." }
          : { mode: "numeric", value };
      };
    }
    case "text":
    case "open": {
      const label = element(
        "label",
        { for: name },
        view.mode === "open" ? "Your answer, as you would say it in an interview" : "Your answer",
      );
      const input =
        view.mode === "open"
          ? element("textarea", { id: name, name, rows: "6" })
          : element("input", { id: name, name, type: "text", autocomplete: "off" });
      form.append(label, input);
      return () => {
        const text = (input as HTMLInputElement | HTMLTextAreaElement).value;
        return text.trim() === ""
          ? { problem: "Write an answer first." }
          : { mode: view.mode as "text" | "open", text };
      };
    }
  }
}

/**
 * Renders a grade: verdict, expected answer, per-choice whys, the engine's reasons. For an open
 * answer the automatic rubric check is only a hint: the model answer and the rubric are shown so
 * the learner can judge their own answer against them (they then rate it, see renderRating).
 */
export function renderGrade(
  target: HTMLElement,
  grade: Grade,
  lessonHref?: string,
  modelAnswer?: string,
): void {
  target.replaceChildren();
  const open = grade.covered !== undefined || grade.missed !== undefined;
  const verdict = element("p", { class: grade.correct ? "lc-verdict lc-right" : "lc-verdict lc-wrong" });
  verdict.textContent =
    grade.problem ??
    (open
      ? `The rubric check suggests your answer covers ${grade.covered?.length ?? 0} of ${(grade.covered?.length ?? 0) + (grade.missed?.length ?? 0)} key points (${Math.round(grade.score * 100)}%). It matches words, not meaning: compare with the model answer and rate yourself.`
      : grade.correct
        ? `Right${grade.score < 1 ? ` (${Math.round(grade.score * 100)}%)` : ""}.`
        : `Not quite (${Math.round(grade.score * 100)}%).`);
  target.append(verdict);
  if (!grade.correct && !open) target.append(element("p", {}, `Expected: ${grade.expected}`));
  if (grade.choices) {
    const list = element("ul", { class: "lc-whys" });
    for (const choice of grade.choices) {
      const item = element("li");
      item.innerHTML = `<strong>${choice.correct ? "✓" : "✗"}${choice.chosen ? " (your choice)" : ""}</strong> ${inlineMarkdownToHtml(choice.text)} — ${inlineMarkdownToHtml(choice.why)}`;
      list.append(item);
    }
    target.append(list);
  }
  if (open) {
    if (modelAnswer) {
      const model = element("div", { class: "lc-model-answer" });
      model.append(element("p", { class: "lc-label" }, "Model answer"));
      const body = element("div");
      body.innerHTML = markdownToHtml(modelAnswer);
      model.append(body);
      target.append(model);
    }
    const list = element("ul", { class: "lc-rubric" });
    for (const point of grade.covered ?? [])
      list.append(element("li", { "data-covered": "true" }, `✓ ${point.text} (found in your answer)`));
    for (const point of grade.missed ?? [])
      list.append(element("li", { "data-covered": "false" }, `✗ ${point.text} (not found in your answer)`));
    target.append(
      element("p", { class: "lc-label" }, "The rubric: key points an interviewer listens for"),
      list,
    );
  }
  const explanation = element("div", { class: "lc-explanation" });
  explanation.innerHTML = markdownToHtml(grade.explanation);
  target.append(explanation);
  if (grade.reasons.length > 0) {
    const reasons = element("details", { class: "lc-reasons" });
    reasons.append(element("summary", {}, "What the engine did"));
    const list = element("ul");
    for (const reason of grade.reasons.map((text) => viewReason(text))) {
      const item = element("li", {}, reason.text);
      if (reason.lesson)
        item.append(
          " ",
          element("a", { href: reason.lesson.href, class: "lc-why" }, `Why: ${reason.lesson.title}`),
        );
      list.append(item);
    }
    reasons.append(list);
    target.append(reasons);
  }
  if (lessonHref) {
    const link = element("a", { href: lessonHref }, "Read the lesson section");
    target.append(element("p"), link);
  }
}

const RATING_LABELS: Readonly<Record<ReviewRating, string>> = {
  again: "Again",
  hard: "Hard",
  good: "Good",
  easy: "Easy",
};

/**
 * The self-rating row (Anki-style): Again / Hard / Good / Easy, each with when the question comes
 * back, the suggested one marked. Resolves the rating the learner chose.
 */
export function renderRating(
  target: HTMLElement,
  intervals: Record<ReviewRating, string>,
  suggested: ReviewRating,
  open: boolean,
  onRate: (rating: ReviewRating) => void,
): void {
  target.replaceChildren(
    element(
      "p",
      { id: "lc-rate-label", class: "lc-label" },
      open
        ? "How well did you know it, judged against the model answer? Your rating schedules the next review."
        : `Scheduled as ${RATING_LABELS[suggested]} from your answer. Disagree with the grade? Pick another rating.`,
    ),
  );
  const row = element("div", { class: "lc-rating-row", role: "group", "aria-labelledby": "lc-rate-label" });
  for (const rating of ["again", "hard", "good", "easy"] as const) {
    const button = element("button", {
      type: "button",
      class: `lc-rating lc-rating-${rating}`,
      "data-rating": rating,
      "aria-pressed": !open && rating === suggested ? "true" : "false",
    });
    button.append(element("span", {}, RATING_LABELS[rating]), element("small", {}, intervals[rating]));
    button.setAttribute("aria-label", `${RATING_LABELS[rating]}: next review in ${intervals[rating]}`);
    button.addEventListener("click", () => onRate(rating));
    row.append(button);
  }
  target.append(row);
  target.hidden = false;
}
