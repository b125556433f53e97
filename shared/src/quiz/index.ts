/**
 * The quiz core shared by the site, the bot and the terminal: presenting and grading questions,
 * parsing typed answers, quiz sessions, FSRS review scheduling and mock-interview drills. Pure and
 * isomorphic: time and seeds are passed in.
 */
export {
  answerDrill,
  currentDrillQuestionId,
  currentDrillSeed,
  type DrillEntry,
  type DrillState,
  secondsLeft,
  startDrill,
} from "./drill.ts";
export { chooseFollowUp } from "./follow-up.ts";
export { gradeAnswer, OPEN_PASS_SCORE } from "./grade.ts";
export { normalizeAnswerText } from "./normalize.ts";
export { parseResponse } from "./parse-response.ts";
export { hintFor, presentQuestion } from "./present.ts";
export {
  presentationProfile,
  questionHoldsFor,
  questionsForProfile,
  UnclaimedProfileError,
} from "./profiles.ts";
export {
  chooseDockerProfile,
  type DockerProfileChoice,
  decodeProgressCode,
  emptyProgress,
  encodeProgressCode,
  type LearnerProgress,
  mergeProgress,
  PROGRESS_FORMAT,
  PROGRESS_VERSION,
  type ProgressAnswer,
  parseProgress,
  readProgressInput,
  recordLessonRead,
  recordReview,
  serializeProgress,
} from "./progress-format.ts";
export { type DrillReport, type DrillTopicReport, drillReport } from "./report.ts";
export type { PresentOptions } from "./scenario-question.ts";
export {
  dueCards,
  newReviewCard,
  type ReviewCard,
  type ReviewRating,
  type ReviewState,
  ratingForGrade,
  reviewCard,
  validateReviewCard,
} from "./schedule.ts";
export { type QuestionFilter, selectQuestions } from "./select.ts";
export {
  answerQuizQuestion,
  currentQuestionId,
  currentQuestionSeed,
  isQuestionTimedOut,
  type QuizAnswerRecord,
  type QuizSessionState,
  type QuizSummary,
  scoreAfterHints,
  skipQuizQuestion,
  startQuizSession,
  stopQuizSession,
  summarizeQuizSession,
  type TopicScore,
  takeQuizHint,
  timeOutQuizQuestion,
} from "./session.ts";
export type * from "./types.ts";
