import { describe, expect, it } from "vitest";
import {
  chooseDockerProfile,
  decodeProgressCode,
  emptyProgress,
  encodeProgressCode,
  mergeProgress,
  parseProgress,
  readProgressInput,
  recordLessonRead,
  recordReview,
  serializeProgress,
} from "./progress-format.ts";
import { newReviewCard } from "./schedule.ts";

const monday = new Date("2026-03-02T09:00:00Z");
const tuesday = new Date("2026-03-03T09:00:00Z");

function answered(questionId: string, rating: "again" | "hard" | "good" | "easy", at: Date) {
  return recordReview(emptyProgress(), { questionId, correct: rating !== "again", score: 1, rating }, at);
}

describe("the progress format", () => {
  it("round-trips a file and reads version 1 files of the site and the terminal quiz", () => {
    const progress = recordLessonRead(answered("q1", "good", monday), "build-cache", monday);
    const read = parseProgress(serializeProgress(progress));
    expect(read).toEqual({ progress });
    const card = newReviewCard("q2", monday);
    const site = parseProgress(JSON.stringify({ version: 1, cards: { q2: card }, history: [] }));
    const terminal = parseProgress(JSON.stringify({ version: 1, cards: [card] }));
    expect(site).toEqual(terminal);
    expect("progress" in site && site.progress.cards.q2).toEqual(card);
  });

  it("names what is wrong in a bad file and where", () => {
    expect(parseProgress("{")).toMatchObject({ problem: expect.stringMatching(/^not valid JSON/) });
    expect(parseProgress('{"version":3,"cards":{}}')).toEqual({
      problem: "unsupported version 3 (expected 1 or 2)",
    });
    expect(
      parseProgress(JSON.stringify({ ...emptyProgress(), history: [{ questionId: "q", correct: true }] })),
    ).toEqual({
      problem: "history[0]: needs questionId, correct, score, at (a date) and an optional rating",
    });
    expect(parseProgress(JSON.stringify({ ...emptyProgress(), cards: { q: { questionId: "q" } } }))).toEqual({
      problem: "cards[0]: card q: due must be a date",
    });
  });

  it("moves cards and lessons read by a short code, without the history", () => {
    const progress = recordLessonRead(answered("q1", "easy", monday), "layers", monday);
    const code = encodeProgressCode(progress);
    expect(code).toMatch(/^lc2\.[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(400);
    const decoded = decodeProgressCode(`  ${code.slice(0, 20)}\n${code.slice(20)} `);
    expect(decoded).toEqual({ progress: { ...progress, history: [] } });
    expect(readProgressInput(code)).toEqual(decoded);
    expect(decodeProgressCode("lc2.AAAA")).toEqual({
      problem: "the code is damaged or incomplete (it could not be decompressed)",
    });
    expect(decodeProgressCode("hello")).toEqual({ problem: "a progress code starts with lc2." });
  });

  it("merges without losing a review, whichever side is merged into which", () => {
    const bus = recordLessonRead(answered("q1", "good", tuesday), "layers", tuesday);
    const desk = recordLessonRead(
      recordReview(
        answered("q1", "again", monday),
        { questionId: "q2", correct: true, score: 1, rating: "good" },
        monday,
      ),
      "layers",
      monday,
    );
    const one = mergeProgress(desk, bus);
    const other = mergeProgress(bus, desk);
    expect(one.cards).toEqual(other.cards);
    expect(one.cards.q1).toEqual(bus.cards.q1);
    expect(one.cards.q2).toEqual(desk.cards.q2);
    expect(one.history.map((entry) => `${entry.questionId} ${entry.rating}`)).toEqual([
      "q1 again",
      "q2 good",
      "q1 good",
    ]);
    expect(one.lessonsRead).toEqual({ layers: monday.toISOString() });
    expect(mergeProgress(one, one)).toEqual(one);
  });

  it("schedules by the learner's rating: Easy waits longer than Again", () => {
    const easy = answered("q", "easy", monday).cards.q;
    const again = answered("q", "again", monday).cards.q;
    expect(Date.parse(easy?.due ?? "")).toBeGreaterThan(Date.parse(again?.due ?? ""));
  });

  it("carries the learner's Docker profile in the file and the code; the later choice wins a merge", () => {
    const desk = chooseDockerProfile(answered("q1", "good", monday), "20.10-overlay2", monday);
    const bus = chooseDockerProfile(emptyProgress(), "26.1-overlay2", tuesday);
    expect(desk.dockerProfile).toEqual({ id: "20.10-overlay2", chosenAt: monday.toISOString() });
    expect(parseProgress(serializeProgress(desk))).toEqual({ progress: desk });
    expect(decodeProgressCode(encodeProgressCode(desk))).toEqual({ progress: { ...desk, history: [] } });
    expect(mergeProgress(desk, bus).dockerProfile?.id).toBe("26.1-overlay2");
    expect(mergeProgress(bus, desk).dockerProfile?.id).toBe("26.1-overlay2");
    expect(mergeProgress(desk, emptyProgress()).dockerProfile?.id).toBe("20.10-overlay2");
    expect(mergeProgress(emptyProgress(), emptyProgress())).not.toHaveProperty("dockerProfile");
  });

  it("names an unknown Docker profile or a bad choice date", () => {
    expect(
      parseProgress(
        JSON.stringify({ ...emptyProgress(), dockerProfile: { id: "27.0-btrfs", chosenAt: "x" } }),
      ),
    ).toEqual({
      problem:
        'dockerProfile.id: expected one of 26.1-containerd, 26.1-overlay2, 20.10-overlay2, not "27.0-btrfs"',
    });
    expect(
      parseProgress(
        JSON.stringify({ ...emptyProgress(), dockerProfile: { id: "26.1-overlay2", chosenAt: "soon" } }),
      ),
    ).toEqual({ problem: "dockerProfile.chosenAt: must be a date" });
  });
});
