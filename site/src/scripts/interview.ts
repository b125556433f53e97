/**
 * The mock-interview island: a seeded drill of open questions and quick checks, timed per question,
 * with a follow-up chosen from what an answer missed (lib/interview.ts) and a final report: every
 * question with the answer given, the model answer and the missed points, then scores by topic.
 * A drill asks the questions that hold for the learner's Docker, presented for it.
 */
import type { DockerProfile } from "@layercake/shared/core";
import {
  answerDrill,
  currentDrillQuestionId,
  type DrillState,
  drillReport,
  gradeAnswer,
  type PresentedQuestion,
  presentQuestion,
  type QuizResponse,
  secondsLeft,
  selectQuestions,
  startDrill,
} from "@layercake/shared/quiz";
import { PROFILE_EVENT } from "../lib/docker-choice.ts";
import {
  chooseFollowUp,
  type InterviewAnswerRecord,
  interviewReportItems,
  withoutFinalPunctuation,
} from "../lib/interview.ts";
import { markdownToHtml } from "../lib/markdown-html.ts";
import { recordGrade } from "../lib/progress.ts";
import { currentProfile } from "./docker-picker.ts";
import { element } from "./dom.ts";
import { readPageData } from "./page-data.ts";
import { loadProgress, saveProgress } from "./progress-store.ts";
import { renderQuestion } from "./question-ui.ts";

const root = document.getElementById("lc-interview");
if (root) startInterview(root);

function startInterview(root: HTMLElement): void {
  const data = readPageData();
  const byId = new Map(data.questions.map((question) => [question.id, question]));
  const setup = root.querySelector<HTMLFormElement>("#lc-drill-setup") as HTMLFormElement;
  const status = root.querySelector<HTMLElement>("#lc-drill-status") as HTMLElement;
  const timer = root.querySelector<HTMLElement>("#lc-drill-timer") as HTMLElement;
  const followUp = root.querySelector<HTMLElement>("#lc-drill-followup") as HTMLElement;
  const form = root.querySelector<HTMLFormElement>("#lc-question") as HTMLFormElement;
  const answer = root.querySelector<HTMLButtonElement>("#lc-drill-answer") as HTMLButtonElement;
  const feedback = root.querySelector<HTMLElement>("#lc-feedback") as HTMLElement;
  const report = root.querySelector<HTMLElement>("#lc-drill-report") as HTMLElement;
  let state: DrillState | undefined;
  let drillProfile: DockerProfile = currentProfile();
  let current: PresentedQuestion | undefined;
  let read: ReturnType<typeof renderQuestion> | undefined;
  let ticking: ReturnType<typeof setInterval> | undefined;
  const answers = new Map<string, InterviewAnswerRecord>();
  const expected = new Map<string, string>();

  const showQuestion = () => {
    if (!state) return;
    const id = currentDrillQuestionId(state);
    const question = id === undefined ? undefined : byId.get(id);
    if (!question) return finish();
    status.textContent = `Question ${state.position + 1} of ${state.questionIds.length}`;
    if (!state.pendingFollowUp) {
      current = presentQuestion(question, { seed: state.seed + state.position, profile: drillProfile });
      read = renderQuestion(form, current.view);
      followUp.textContent = "";
    }
    answer.hidden = false;
  };

  const finish = () => {
    if (!state) return;
    clearInterval(ticking);
    answer.hidden = true;
    form.replaceChildren();
    timer.textContent = "";
    followUp.textContent = "";
    const result = drillReport(state, byId);
    const heading = element(
      "h2",
      {},
      `Your report: ${Math.round(result.score * 100)}% over ${result.questions} questions${result.late ? ` (${result.late} over time)` : ""}`,
    );
    const items = interviewReportItems(state, byId, answers, data.lessons, expected);
    const questions = element("ol", { class: "lc-report-questions" });
    for (const item of items) {
      const entry = element("li", { class: "lc-report-item" });
      const prompt = element("div", { class: "lc-prompt" });
      prompt.innerHTML = markdownToHtml(item.prompt);
      entry.append(
        prompt,
        element("p", { class: "lc-label" }, `Your answer (${Math.round(item.score * 100)}%)`),
      );
      entry.append(element("blockquote", {}, item.answer || "(no answer)"));
      if (item.followUp) {
        entry.append(element("p", { class: "lc-label" }, `Follow-up: ${item.followUp}`));
        entry.append(element("blockquote", {}, item.followUpAnswer || "(no answer)"));
      }
      if (item.note) entry.append(element("p", {}, item.note));
      entry.append(element("p", { class: "lc-label" }, "Model answer"));
      const model = element("div", { class: "lc-model-answer" });
      model.innerHTML = markdownToHtml(item.modelAnswer);
      entry.append(model);
      if (item.missed.length > 0) {
        entry.append(element("p", { class: "lc-label" }, "Key points you missed"));
        const missed = element("ul");
        for (const point of item.missed) missed.append(element("li", {}, `${point}.`));
        entry.append(missed);
      }
      if (item.lesson && item.score < 1) {
        const reread = element("p", {}, "Reread: ");
        reread.append(element("a", { href: item.lesson.href }, item.lesson.title));
        entry.append(reread);
      }
      questions.append(entry);
    }
    const list = element("ul", { class: "lc-report-topics" });
    for (const topic of result.byTopic) {
      const item = element("li");
      item.append(
        `${topic.topic}: ${Math.round(topic.score * 100)}% on ${topic.questions} question${topic.questions === 1 ? "" : "s"}.`,
      );
      for (const lesson of topic.lessons) {
        const target = data.lessons[lesson.id];
        if (!target) continue;
        item.append(" Reread ");
        item.append(
          element(
            "a",
            { href: lesson.section ? `${target.path}#${lesson.section}` : target.path },
            target.title,
          ),
        );
        item.append(".");
      }
      list.append(item);
    }
    report.replaceChildren(heading, questions, element("h3", {}, "By topic"), list);
    status.textContent = "The interview is over.";
    heading.tabIndex = -1;
    heading.focus();
  };

  document.addEventListener(PROFILE_EVENT, () => {
    if (state && currentDrillQuestionId(state) !== undefined) {
      followUp.textContent =
        "This interview keeps the Docker it started with (its questions were chosen for it); the next interview you start asks for the Docker you just picked.";
    }
  });

  setup.addEventListener("submit", (event) => {
    event.preventDefault();
    const length = Number((root.querySelector("#lc-drill-length") as HTMLSelectElement).value);
    const seconds = Number((root.querySelector("#lc-drill-seconds") as HTMLSelectElement).value);
    const seedParameter = Number(new URLSearchParams(location.search).get("seed"));
    const seed =
      Number.isInteger(seedParameter) && seedParameter > 0 ? seedParameter : Date.now() % 1_000_000;
    // The drill asks for the learner's Docker as it is now; a switch mid-drill applies to the next one.
    drillProfile = currentProfile();
    const open = selectQuestions(
      data.questions.filter((question) => question.kind === "open"),
      { length: Math.ceil(length / 2), seed, profile: drillProfile },
    );
    const checks = selectQuestions(
      data.questions.filter((question) => question.kind !== "open"),
      { length: length - open.length, seed: seed + 1, profile: drillProfile },
    );
    state = startDrill({
      questionIds: [...open, ...checks].map((question) => question.id),
      seed,
      startedAt: new Date(),
      secondsPerQuestion: seconds,
    });
    report.replaceChildren();
    feedback.replaceChildren();
    setup.hidden = true;
    clearInterval(ticking);
    ticking = setInterval(() => {
      if (state) timer.textContent = `${Math.max(0, Math.round(secondsLeft(state, new Date())))} s left`;
    }, 1000);
    showQuestion();
  });

  answer.addEventListener("click", () => {
    if (!state || !current || !read) return;
    const response = read();
    if ("problem" in response) {
      feedback.textContent = response.problem;
      return;
    }
    const grade = gradeAnswer(current.key, response);
    const questionId = current.view.questionId;
    const given = answerText(current, response);
    const pendingFollowUp = state.pendingFollowUp !== undefined;
    const record = answers.get(questionId);
    answers.set(
      questionId,
      pendingFollowUp && record ? { ...record, followUpAnswer: given } : { answer: given },
    );
    expected.set(questionId, grade.expected);
    const result = answerDrill(state, grade, new Date());
    state = result.state;
    // The drill decides whether to follow up; the question is ours: from what was missed, and
    // never the rubric's own sentences (which would read the answer out).
    const followUpQuestion =
      result.followUp && current.key.rubric
        ? (chooseFollowUp(
            current.key.rubric,
            (grade.missed ?? []).map((point) => point.id),
            state.seed + state.position,
          ) ?? result.followUp)
        : result.followUp;
    if (followUpQuestion) answers.set(questionId, { answer: given, followUp: followUpQuestion });
    if (!state.pendingFollowUp) saveProgress(recordGrade(loadProgress(), grade, new Date()));
    feedback.textContent = result.followUp
      ? ""
      : `${grade.correct ? "Good" : "Noted"}: ${Math.round(grade.score * 100)}%.`;
    if (followUpQuestion) {
      followUp.textContent = `Follow-up: ${withoutFinalPunctuation(followUpQuestion)}${/[?]$/.test(followUpQuestion.trim()) ? "" : "?"}`;
      const field = form.querySelector<HTMLTextAreaElement | HTMLInputElement>("textarea, input[type=text]");
      if (field) {
        field.value = "";
        field.focus();
      }
      return;
    }
    if (state.status === "finished") finish();
    else showQuestion();
  });
}

/** The learner's answer as text for the report: what they typed, or the texts of the choices. */
function answerText(presented: PresentedQuestion, response: QuizResponse): string {
  switch (response.mode) {
    case "open":
    case "text":
      return response.text.trim();
    case "numeric":
      return String(response.value);
    case "ordering":
      return response.order
        .map((id) => presented.view.choices?.find((choice) => choice.id === id)?.text ?? id)
        .join(" → ");
    default:
      return response.choiceIds
        .map((id) => presented.view.choices?.find((choice) => choice.id === id)?.text ?? id)
        .join("; ");
  }
}
