/** A problem with the saved state that the learner can act on (not a programming error). */
export class StateError extends Error {
  override readonly name = "StateError";
}
