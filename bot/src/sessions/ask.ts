/**
 * Asking a question inside a session: present it once (at once, or through the engine pool with a
 * deferred reply), let the session store it with its answer key, and render it. When the engine is
 * busy the player is told when to try again; when a job goes over its limits, they are told that.
 */
import type { DockerProfile, Question } from "@layercake/shared/core";
import type { AnswerKey, PresentedQuestion, QuestionView } from "@layercake/shared/quiz";
import { busyMessage, limitMessage } from "../discord-free/engine-jobs.ts";
import { presentFor } from "../discord-free/present.ts";
import { notice } from "../messages/render.ts";
import type { BotContext, Reply } from "../messages/types.ts";

/** A question as it was shown at a position of a session, with the key every click is graded by. */
export interface StoredQuestion {
  position: number;
  view: QuestionView;
  key: AnswerKey;
}

export function storedQuestion(position: number, presented: PresentedQuestion): StoredQuestion {
  return { position, view: presented.view, key: presented.key };
}

/**
 * Presents `question` and returns `render(presented)` as the reply, deferring the reply when the
 * engine has to compute it. `failed` answers a job stopped by its limits.
 */
export function askQuestion(
  ctx: BotContext,
  request: {
    userId: string;
    question: Question;
    seed: number;
    /** The learner's Docker, which a scenario question's answer is computed for. */
    profile?: DockerProfile;
    /** How to acknowledge when deferred: edit the component's message, or a new (ephemeral) message. */
    deferAs: { update: boolean; ephemeral: boolean };
  },
  render: (presented: PresentedQuestion) => Reply | Promise<Reply>,
  failed: (message: string) => Reply | Promise<Reply>,
): Reply | Promise<Reply> {
  const presentation = presentFor(
    ctx.engine,
    request.userId,
    request.question,
    request.seed,
    request.profile,
  );
  if (presentation.ready) return render(presentation.presented);
  if (presentation.busy) return notice(busyMessage(presentation));
  const later = presentation.later;
  return {
    kind: "deferred",
    ephemeral: request.deferAs.ephemeral,
    update: request.deferAs.update,
    work: async () => {
      const outcome = await later;
      return outcome.ok ? render(outcome.value) : failed(limitMessage(outcome));
    },
  };
}
