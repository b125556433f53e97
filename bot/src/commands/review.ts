/** `/review`: the questions the player's spaced-repetition schedule says are due, as a quiz. */
import { InteractionContextType } from "discord-api-types/v10";
import type { Command } from "../messages/types.ts";
import { startReview } from "./quiz.ts";

export const review = {
  data: {
    name: "review",
    description: "Review the questions your spaced-repetition schedule says are due",
    contexts: [InteractionContextType.Guild],
  },
  execute: (ctx, incoming) => startReview(ctx, incoming),
} satisfies Command;
