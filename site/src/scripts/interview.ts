/**
 * The mock-interview island: a seeded drill of open questions and quick checks, timed per question,
 * with one follow-up when key points are missed and a final report by topic.
 */
import {
  answerDrill,
  currentDrillQuestionId,
  type DrillState,
  drillReport,
  gradeAnswer,
  type PresentedQuestion,
  presentQuestion,
  secondsLeft,
  selectQuestions,
  startDrill,
} from "@layercake/shared/quiz";
import { recordGrade } from "../lib/progress.ts";
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
  let current: PresentedQuestion | undefined;
  let read: ReturnType<typeof renderQuestion> | undefined;
  let ticking: ReturnType<typeof setInterval> | undefined;

  const showQuestion = () => {
    if (!state) return;
    const id = currentDrillQuestionId(state);
    const question = id === undefined ? undefined : byId.get(id);
    if (!question) return finish();
    status.textContent = `Question ${state.position + 1} of ${state.questionIds.length}`;
    if (!state.pendingFollowUp) {
      current = presentQuestion(question, { seed: state.seed + state.position });
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
    const heading = document.createElement("h2");
    heading.textContent = `Your report: ${Math.round(result.score * 100)}% over ${result.questions} questions${result.late ? ` (${result.late} over time)` : ""}`;
    const list = document.createElement("ul");
    for (const topic of result.byTopic) {
      const item = document.createElement("li");
      item.append(
        `${topic.topic}: ${Math.round(topic.score * 100)}% on ${topic.questions} question${topic.questions === 1 ? "" : "s"}. `,
      );
      if (topic.missedPoints.length > 0) item.append(`Missed: ${topic.missedPoints.join("; ")}. `);
      for (const lesson of topic.lessons) {
        const path = data.lessonPaths[lesson.id];
        if (!path) continue;
        const link = document.createElement("a");
        link.href = lesson.section ? `${path}#${lesson.section}` : path;
        link.textContent = `Reread ${lesson.id}${lesson.section ? ` § ${lesson.section}` : ""}`;
        item.append(link, " ");
      }
      list.append(item);
    }
    report.replaceChildren(heading, list);
    status.textContent = "The interview is over.";
    heading.tabIndex = -1;
    heading.focus();
  };

  setup.addEventListener("submit", (event) => {
    event.preventDefault();
    const length = Number((root.querySelector("#lc-drill-length") as HTMLSelectElement).value);
    const seconds = Number((root.querySelector("#lc-drill-seconds") as HTMLSelectElement).value);
    const seedParameter = Number(new URLSearchParams(location.search).get("seed"));
    const seed =
      Number.isInteger(seedParameter) && seedParameter > 0 ? seedParameter : Date.now() % 1_000_000;
    const open = selectQuestions(
      data.questions.filter((question) => question.kind === "open"),
      { length: Math.ceil(length / 2), seed },
    );
    const checks = selectQuestions(
      data.questions.filter((question) => question.kind !== "open"),
      { length: length - open.length, seed: seed + 1 },
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
    const result = answerDrill(state, grade, new Date());
    state = result.state;
    if (!state.pendingFollowUp) saveProgress(recordGrade(loadProgress(), grade, new Date()));
    feedback.textContent = result.followUp
      ? ""
      : `${grade.correct ? "Good" : "Noted"}: ${Math.round(grade.score * 100)}%.`;
    if (result.followUp) {
      followUp.textContent = `Follow-up: ${result.followUp}`;
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
