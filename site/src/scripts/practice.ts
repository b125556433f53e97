/**
 * The practice island: the questions of one topic (or the due ones) as a trainer runs them — resume
 * after a reload, shuffle, skip, jump, start again, a summary at the end — graded in the browser by
 * the shared quiz core and engine. After each answer the learner rates it (Again/Hard/Good/Easy,
 * with the next interval on each); that rating moves the question's FSRS card. For open answers the
 * automatic rubric check is only a hint beside the model answer.
 *
 * Questions are those whose answer holds for the learner's Docker, presented and graded for it.
 * When the learner picks another Docker mid-run, the answers given stay, and the questions still
 * to come follow the new Docker (the page says how many left or joined the run).
 */
import type { DockerProfile, Question } from "@layercake/shared/core";
import { dueCards, type ReviewRating, ratingForGrade } from "@layercake/shared/progress";
import type { PresentedQuestion } from "@layercake/shared/quiz";
import { DEFAULT_PROFILE, PROFILE_EVENT } from "../lib/docker-choice.ts";
import {
  advancePractice,
  answerPractice,
  currentPracticeId,
  jumpPractice,
  type PracticeSession,
  parsePracticeSession,
  retargetPractice,
  startPracticeSession,
  summarizePractice,
} from "../lib/practice-session.ts";
import { nextIntervals, recordGrade } from "../lib/progress.ts";
import { currentProfile } from "./docker-picker.ts";
import { element } from "./dom.ts";
import { lessonHref, readPageData } from "./page-data.ts";
import { refreshProgressPanel, wireProgressTransfer } from "./progress-panel.ts";
import { loadProgress, saveProgress } from "./progress-store.ts";
import { renderGrade, renderQuestion, renderRating } from "./question-ui.ts";
import { createQuizEngine } from "./quiz-client.ts";

const root = document.getElementById("lc-practice");
if (root) startPractice(root);

function startPractice(root: HTMLElement): void {
  const data = readPageData();
  const mode = root.dataset.mode === "review" ? "review" : "topic";
  const storageKey = `layercake:practice:${root.dataset.key ?? mode}`;
  const form = root.querySelector("#lc-question") as HTMLFormElement;
  const feedback = root.querySelector("#lc-feedback") as HTMLElement;
  const rate = root.querySelector("#lc-rate") as HTMLElement;
  const status = root.querySelector("#lc-status") as HTMLElement;
  const check = root.querySelector("#lc-check") as HTMLButtonElement;
  const skip = root.querySelector("#lc-skip") as HTMLButtonElement;
  const jump = root.querySelector("#lc-jump") as HTMLSelectElement;
  const shuffleBox = root.querySelector("#lc-shuffle") as HTMLInputElement;
  const restart = root.querySelector("#lc-restart") as HTMLButtonElement;
  const summaryBox = root.querySelector("#lc-summary") as HTMLElement;
  const byId = new Map(data.questions.map((question) => [question.id, question]));
  // Presenting and grading run in a worker (scenario questions run the engine), off this thread.
  const quiz = createQuizEngine();

  let profile: DockerProfile = currentProfile();
  /** The page's questions that hold for the learner's Docker, in page order. */
  const eligible = (): string[] => data.asked[profile] ?? [];
  const pool = (): string[] => {
    if (mode === "topic") return eligible();
    const asked = new Set(eligible());
    return dueCards(Object.values(loadProgress().cards), new Date())
      .map((card) => card.questionId)
      .filter((id) => asked.has(id));
  };
  // ?seed=N replays a run (shared links, tests); otherwise each new run has its own seed.
  const seedParameter = Number(new URLSearchParams(location.search).get("seed"));
  const newSeed = () =>
    Number.isInteger(seedParameter) && seedParameter > 0 ? seedParameter : Date.now() % 1_000_000;

  const save = (next: PracticeSession) => {
    session = next;
    try {
      localStorage.setItem(storageKey, JSON.stringify(session));
    } catch {
      // Storage full or disabled: the run continues, it just will not resume after a reload.
    }
  };
  const fresh = (shuffled: boolean) => startPracticeSession(pool(), newSeed(), shuffled, profile);
  const saved = parsePracticeSession(
    localStorage.getItem(storageKey),
    data.questions.map((question) => question.id),
  );
  // A finished review run gives way to what is due now; a finished topic run shows its summary.
  const finished = saved !== undefined && currentPracticeId(saved) === undefined;
  let session: PracticeSession = saved && !(mode === "review" && finished) ? saved : fresh(mode === "review");
  /** Said once above the question after the run moved to another Docker. */
  let movedNote = "";
  /**
   * Moves the run to the learner's Docker, keeping the answers given; says what changed when the
   * learner switched (`announce`), silently when only the page's questions changed since the save.
   */
  const followProfile = (announce: boolean) => {
    const moved = retargetPractice(session, pool(), profile);
    session = moved.session;
    if (!announce) return;
    const name = document.querySelector<HTMLSelectElement>(".lc-docker-select")?.selectedOptions[0]?.title;
    const changes = [
      moved.dropped > 0
        ? `${moved.dropped} question${moved.dropped === 1 ? "" : "s"} that do not hold for it left the run`
        : "",
      moved.added > 0 ? `${moved.added} that do joined it` : "",
    ].filter((part) => part !== "");
    movedNote = `Now asking for ${name ?? profile}: the questions still to come are presented and graded for this Docker; your answers so far stay${changes.length > 0 ? `; ${changes.join(", ")}` : ""}.`;
  };
  const askedNow = new Set(eligible());
  if ((session.profile ?? DEFAULT_PROFILE) !== profile) followProfile(true);
  else if (session.order.some((id) => session.answers[id] === undefined && !askedNow.has(id)))
    followProfile(false);
  let current: PresentedQuestion | undefined;
  let presenting = 0;
  let read: (() => ReturnType<ReturnType<typeof renderQuestion>>) | undefined;

  const fillJump = () => {
    jump.replaceChildren(
      ...session.order.map((id, index) => {
        const answer = session.answers[id];
        const mark = answer === undefined ? "" : answer.correct ? " ✓" : " ✗";
        const option = element("option", { value: String(index) }, `Question ${index + 1}${mark}`);
        option.selected = index === session.position;
        return option;
      }),
    );
    jump.disabled = session.order.length === 0;
  };

  const showSummary = () => {
    form.replaceChildren();
    check.hidden = true;
    skip.hidden = true;
    rate.hidden = true;
    const summary = summarizePractice(session);
    if (summary.total === 0) {
      status.textContent =
        mode === "review"
          ? "Nothing is due for review. Come back later, or practise a topic."
          : "This topic has no questions yet.";
      summaryBox.hidden = true;
      return;
    }
    status.textContent = `Done: ${summary.answered} of ${summary.total} answered.`;
    const heading = element("h2", { tabindex: "-1" }, "Session summary");
    const rated = Object.entries(summary.byRating)
      .filter(([, count]) => count > 0)
      .map(([rating, count]) => `${count} ${rating[0]?.toUpperCase()}${rating.slice(1)}`)
      .join(", ");
    const parts: HTMLElement[] = [
      heading,
      element(
        "p",
        { id: "lc-summary-text" },
        `${summary.right} of ${summary.answered} right${rated ? `; you rated ${rated}` : ""}. Each question is scheduled for review by your rating.`,
      ),
    ];
    if (summary.wrong.length > 0) {
      parts.push(element("p", {}, "To look at again:"));
      const list = element("ul");
      for (const id of summary.wrong) {
        const question = byId.get(id);
        if (!question) continue;
        const item = element(
          "li",
          {},
          `${question.prompt.split("\n")[0]?.replace(/[`*_]/g, "").slice(0, 120)} `,
        );
        const href = lessonHref(data, question);
        if (href) item.append(element("a", { href }, "Read the lesson section"));
        list.append(item);
      }
      parts.push(list);
    }
    summaryBox.replaceChildren(...parts);
    summaryBox.hidden = false;
    heading.focus();
  };

  const show = () => {
    feedback.replaceChildren();
    rate.hidden = true;
    summaryBox.hidden = true;
    fillJump();
    shuffleBox.checked = session.shuffled;
    const id = currentPracticeId(session);
    const question = id === undefined ? undefined : byId.get(id);
    if (!question) return showSummary();
    check.hidden = false;
    skip.hidden = false;
    const answered = Object.keys(session.answers).length;
    const shown = session.position;
    const request = ++presenting;
    current = undefined;
    check.disabled = true;
    form.replaceChildren();
    void quiz.present(question as Question, session.seed + session.position, profile).then(
      (presented) => {
        if (request !== presenting) return; // the learner moved on while it was being prepared
        current = presented;
        read = renderQuestion(form, presented.view);
        status.textContent = `${movedNote ? `${movedNote} ` : ""}Question ${shown + 1} of ${session.order.length} (${answered} answered)`;
        movedNote = "";
        check.disabled = false;
      },
      (error: unknown) => {
        if (request !== presenting) return;
        status.textContent = `This question could not be prepared (${error instanceof Error ? error.message : String(error)}). Skip it or start again.`;
      },
    );
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check.click();
  });
  check.addEventListener("click", async () => {
    if (!current || !read) return;
    const response = read();
    if ("problem" in response) {
      feedback.replaceChildren(element("p", { class: "lc-verdict" }, response.problem));
      return;
    }
    const presented = current;
    check.disabled = true;
    const grade = await quiz.grade(presented.key, response);
    check.disabled = false;
    if (current !== presented) return;
    const question = byId.get(presented.view.questionId);
    const open = presented.view.mode === "open";
    renderGrade(
      feedback,
      grade,
      question ? lessonHref(data, question) : undefined,
      presented.key.rubric?.modelAnswer,
    );
    if (grade.problem !== undefined) return;
    check.hidden = true;
    skip.hidden = true;
    const suggested = ratingForGrade(grade);
    const now = new Date();
    renderRating(
      rate,
      nextIntervals(loadProgress(), grade.questionId, now),
      suggested,
      open,
      (rating: ReviewRating) => {
        // The learner's rating is what counts: for open answers always, otherwise as an override.
        const correct = open || rating !== suggested ? rating !== "again" : grade.correct;
        saveProgress(recordGrade(loadProgress(), { ...grade, correct }, new Date(), rating));
        save(advancePractice(answerPractice(session, { correct, score: grade.score, rating })));
        refreshProgressPanel();
        show();
        (form.querySelector("input, textarea, button") as HTMLElement | null)?.focus();
      },
    );
    (rate.querySelector(open ? ".lc-rating-good" : `[aria-pressed="true"]`) as HTMLElement | null)?.focus();
  });
  skip.addEventListener("click", () => {
    save(advancePractice(session));
    show();
  });
  jump.addEventListener("change", () => {
    save(jumpPractice(session, Number(jump.value)));
    show();
  });
  shuffleBox.addEventListener("change", () => {
    save(fresh(shuffleBox.checked));
    show();
  });
  restart.addEventListener("click", () => {
    save(fresh(shuffleBox.checked));
    show();
    status.focus();
  });

  document.addEventListener(PROFILE_EVENT, (event) => {
    profile = (event as CustomEvent<DockerProfile>).detail;
    followProfile(true);
    save(session);
    show();
  });

  wireProgressTransfer();
  refreshProgressPanel();
  save(session);
  show();
}
