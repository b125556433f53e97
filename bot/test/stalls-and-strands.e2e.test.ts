/**
 * The bot never stalls and never strands a player (issue 14), end to end: the real discord.js
 * client in a child process against the emulator. Each numbered finding has its test here: a
 * `/simulate` bomb while 40 others use the bot, a reply the emulator drops, a failed build, the
 * message details (disabled buttons, feedback that keeps the question and explains every wrong
 * option, lessons by title, one challenge board, true/false buttons, drill feedback, `contexts`),
 * and the memory after start.
 */
import { readContentLibrary } from "@layercake/shared/content/node";
import { newReviewCard } from "@layercake/shared/quiz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionRecord } from "../src/adapters/storage.ts";
import type { Store } from "../src/adapters/store.ts";
import { COMMANDS } from "../src/commands/index.ts";
import type { QuizRecordState } from "../src/commands/quiz.ts";
import {
  APPLICATION_ID,
  buttonClick,
  type DiscordEmulator,
  type EmulatedUser,
  GUILD_ID,
  modalSubmit,
  type StoredMessage,
  slashCommand,
} from "./emulator/emulator.ts";
import {
  BOT_DIR,
  type BotProcess,
  CHANNEL_ID,
  callbackData,
  customIds,
  e2eBackends,
  type Harness,
  interactAndSettle,
  interactAndWait,
  messageOf,
  startHarness,
} from "./harness.ts";

const EPHEMERAL = 64;
const library = readContentLibrary(`${BOT_DIR}/../content`).library;
const lessonsById = new Map(library.lessons.map((lesson) => [lesson.id, lesson]));

let harness: Harness;
let emulator: DiscordEmulator;
let bot: BotProcess;
let store: Store;
/** Right after start, per process serving Discord (the bot, or each shard). */
let rssAtStart: number[] = [];

function user(index: number, name: string): EmulatedUser {
  return { id: `71000000000000${String(index).padStart(4, "0")}`, username: name };
}

async function activeQuiz(player: EmulatedUser): Promise<SessionRecord<QuizRecordState>> {
  const record = (await store.activeSession("quiz", GUILD_ID, player.id)) as
    | SessionRecord<QuizRecordState>
    | undefined;
  if (!record) throw new Error("no active quiz");
  return record;
}

/**
 * Makes exactly these questions due for `player`, so `/review` quizzes them in this order. The
 * player runs overlay2 with BuildKit (`/config docker`), where every question used here holds
 * (some are about the classic builder, which the containerd store's profile does not claim).
 */
async function dueForReview(player: EmulatedUser, questionIds: string[]): Promise<void> {
  const past = new Date(Date.now() - 86_400_000);
  await store.setUserSettings({
    userId: player.id,
    dockerProfile: "26.1-overlay2",
    chosenAt: past.toISOString(),
  });
  for (const [index, questionId] of questionIds.entries()) {
    await store.saveCard(player.id, {
      ...newReviewCard(questionId, past),
      due: new Date(past.getTime() - (questionIds.length - index) * 1000).toISOString(),
    });
  }
}

async function review(player: EmulatedUser): Promise<{ token: string; message: StoredMessage }> {
  const started = await interactAndSettle(emulator, slashCommand(player, "review"), APPLICATION_ID);
  return { token: started.token, message: messageOf(emulator, started.token) };
}

function wrongChoice(record: SessionRecord<QuizRecordState>): string {
  const shown = record.state.shown;
  if (!shown) throw new Error("no question shown");
  const right = shown.key.correctChoiceIds ?? [];
  const wrong = (shown.view.choices ?? []).find((choice) => !right.includes(choice.id));
  if (!wrong) throw new Error("no wrong choice");
  return wrong.id;
}

function embedsOf(body: unknown): Array<{ title?: string; description?: string; footer?: { text: string } }> {
  return ((body as { embeds?: unknown[] }).embeds ?? []) as Array<{
    title?: string;
    description?: string;
    footer?: { text: string };
  }>;
}

function allDisabled(components: unknown): boolean {
  const rows = components as Array<{ components: Array<{ disabled?: boolean }> }>;
  const all = rows.flatMap((row) => row.components);
  return all.length > 0 && all.every((component) => component.disabled === true);
}

describe.each(e2eBackends("stalls-and-strands e2e"))(
  "the bot never stalls, never strands a player (issue 14; $name)",
  (backend) => {
    beforeAll(async () => {
      harness = await startHarness(backend);
      ({ emulator, bot, store } = harness);
      rssAtStart = bot.servingPids().map((pid) => bot.residentBytes(pid));
    }, 180_000);
    afterAll(async () => {
      await harness?.stop();
    });

    it("5. starts under 120 MB of resident memory", () => {
      expect(rssAtStart.length).toBeGreaterThan(0);
      for (const bytes of rssAtStart) expect(bytes / 1024 / 1024).toBeLessThan(120);
    });

    it("4. registers commands with `contexts` (guild), never the deprecated dm_permission", () => {
      for (const command of COMMANDS) {
        expect(command).toMatchObject({ type: 1, contexts: [0] });
        expect(command).not.toHaveProperty("dm_permission");
      }
    });

    it("1. a long simulation runs off the event loop: 40 others are answered while it runs, then its author is told", async () => {
      const bomber = user(1, "bomber");
      // Sixty RUNs that each stay inside the shell's budgets (30,000 loop turns, under its step
      // budget) but together keep an engine thread busy for seconds: the worst a player can ask for
      // now that the shell stops `x=$x$x` bombs by itself (the next test).
      const loop = "RUN i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done\n";
      const bomb = emulator.interact(
        modalSubmit(bomber, "sim:form", {
          dockerfile: `FROM tiny:1\n${loop.repeat(60)}`,
          command: "",
          builder: "buildkit",
        }),
      );
      const deferred = await emulator.waitFor(
        (call) => call.path === `/interactions/${bomb.id}/${bomb.token}/callback`,
      );
      expect(callbackData(deferred)).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
      const since = emulator.calls.length;
      const others = Array.from({ length: 40 }, (_, index) =>
        emulator.interact(
          index % 2 === 0
            ? slashCommand(user(100 + index, `player${index}`), "stats")
            : slashCommand(user(100 + index, `player${index}`), "lesson", [
                { name: "name", type: 3, value: "build-cache" },
              ]),
        ),
      );
      const answered = await Promise.all(
        others.map(({ id, token }) =>
          emulator.waitFor((call) => call.path === `/interactions/${id}/${token}/callback`, { since }),
        ),
      );
      expect(answered.map((call) => callbackData(call).type)).toEqual(others.map(() => 4));
      // All 40 were answered while the simulation was still running: its answer has not come yet.
      // A report is posted in the channel as a follow-up (the private placeholder removed); a job
      // stopped at its limit stays private, in the placeholder itself. Which one depends on how fast
      // the machine runs the sixty loops.
      const bombAnswer = (call: { method: string; path: string }) =>
        (call.method === "PATCH" &&
          call.path === `/webhooks/${APPLICATION_ID}/${bomb.token}/messages/@original`) ||
        (call.method === "POST" && call.path === `/webhooks/${APPLICATION_ID}/${bomb.token}`);
      expect(emulator.find(bombAnswer)).toEqual([]);
      const told = await emulator.waitFor(bombAnswer, { timeoutMs: 120_000 });
      // Either it finished (the report) or the engine thread's time limit ended it (how long it takes
      // depends on the machine); the author is told either way.
      expect(JSON.stringify(told.body)).toMatch(
        /Steps: what each adds, and why|The engine stopped this job: it ran longer than its time limit/,
      );
      // The bot still answers afterwards.
      const after = await interactAndWait(emulator, slashCommand(bomber, "stats"));
      expect(callbackData(after.call).type).toBe(4);
      // Bounded by the waits above, not by the suite's 60 s: a fresh engine thread may take up to
      // the pool's start-up limit (60 s) to load at its lower priority on a loaded CI machine, then
      // the job's own 8 s limit applies, and the author may be told only then.
    }, 240_000);

    it("1. the issue's `x=$x$x` bomb is stopped by the shell's variable budget and its author told so, privately", async () => {
      const bomber = user(11, "bomber2");
      const bomb = emulator.interact(
        modalSubmit(bomber, "sim:form", {
          dockerfile: `FROM tiny:1\nRUN x=ab; ${"x=$x$x; ".repeat(24)}echo \${#x}\n`,
          command: "",
          builder: "buildkit",
        }),
      );
      const bombAnswer = (call: { method: string; path: string }) =>
        call.method === "PATCH" &&
        call.path === `/webhooks/${APPLICATION_ID}/${bomb.token}/messages/@original`;
      const told = await emulator.waitFor(bombAnswer, { timeoutMs: 120_000 });
      const text = JSON.stringify(told.body);
      expect(text).toContain("The build failed");
      expect(text).toContain("exit code: 137");
      expect(text).toContain(
        "Layercake stopped the run: variable x would hold 32 MiB, more than 16 MiB (variable budget)",
      );
      // Its placeholder was private, and so is the answer: nothing was posted in the channel.
      expect(
        emulator.find(
          (call) => call.method === "POST" && call.path === `/webhooks/${APPLICATION_ID}/${bomb.token}`,
        ),
      ).toEqual([]);
    });

    it("2. a reply the emulator drops does not strand the player: the next click shows the graded answer", async () => {
      const dave = user(2, "dave");
      await dueForReview(dave, ["basics-image-vs-container", "basics-parent-field"]);
      const { token, message } = await review(dave);
      const record = await activeQuiz(dave);
      const pick = `quiz:${record.id}:0:pick:${wrongChoice(record)}`;
      expect(customIds(message)).toContain(pick);
      const lost = buttonClick(dave, pick, message);
      emulator.dropNextCallback((call) => call.path.endsWith("/callback") && call.path.includes("token-"));
      const first = emulator.interact(lost);
      await emulator.waitFor((call) => call.path === `/interactions/${first.id}/${first.token}/callback`);
      expect(emulator.dropped.at(-1)?.path).toBe(`/interactions/${first.id}/${first.token}/callback`);
      // The answer was stored although the player never saw the grade; the message still shows the question.
      expect((await activeQuiz(dave)).state.session.position).toBe(1);
      expect(customIds(messageOf(emulator, token))).toContain(pick);
      const again = await interactAndWait(emulator, buttonClick(dave, pick, messageOf(emulator, token)));
      expect(callbackData(again.call).type).toBe(7);
      const embeds = embedsOf(callbackData(again.call).data);
      expect(embeds[0]?.title).toBe("Question 1 of 2 — the question");
      expect(embeds[1]?.description).toMatch(/^❌ Not quite/);
      expect(customIds(messageOf(emulator, token))).toEqual([`quiz:${record.id}:1:next`]);
      expect(await store.answersFor(record.id)).toHaveLength(1);
    });

    it("2. /quiz start while a quiz runs offers resume or restart; resuming disables the old message", async () => {
      const dave = user(2, "dave");
      const record = await activeQuiz(dave);
      const offer = await interactAndWait(
        emulator,
        slashCommand(dave, "quiz", [
          { name: "start", type: 1, options: [{ name: "topic", type: 3, value: "basics" }] },
        ]),
      );
      expect(callbackData(offer.call)).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
      const offered = messageOf(emulator, offer.token);
      expect(customIds(offered)).toEqual([
        `quiz:${record.id}:1:resume`,
        `quiz:${record.id}:1:restart:t=basics;d=;n=5`,
      ]);
      const since = emulator.calls.length;
      const resumed = await interactAndSettle(
        emulator,
        buttonClick(dave, customIds(offered)[0] as string, offered),
        APPLICATION_ID,
      );
      expect(callbackData(resumed.call).type).toBe(resumed.deferred ? 5 : 4);
      const shown = messageOf(emulator, resumed.token);
      expect(embedsOf(shown)[0]?.title).toMatch(/^Question 2 of 2/);
      // Its footer says whose quiz it is.
      expect(embedsOf(shown)[0]?.footer?.text).toBe(
        "dave's quiz · only they can answer · /quiz stop ends it",
      );
      const disabled = await emulator.waitFor(
        (call) =>
          call.method === "PATCH" &&
          call.path.startsWith(`/webhooks/${APPLICATION_ID}/`) &&
          allDisabled((call.body as { components?: unknown }).components),
        { since },
      );
      expect(disabled.path).toMatch(/\/messages\/@original$/);
      // /quiz stop disables the resumed message's buttons too.
      const stopSince = emulator.calls.length;
      await interactAndWait(emulator, slashCommand(dave, "quiz", [{ name: "stop", type: 1 }]));
      const stopped = await emulator.waitFor(
        (call) =>
          call.method === "PATCH" &&
          call.path === `/webhooks/${APPLICATION_ID}/${resumed.token}/messages/@original`,
        { since: stopSince },
      );
      expect(allDisabled((stopped.body as { components: unknown }).components)).toBe(true);
    });

    it("3. a failed build shows the failing step and its last output lines, only to its author", async () => {
      const erin = user(3, "erin");
      const submitted = emulator.interact(
        modalSubmit(erin, "sim:form", {
          dockerfile: "FROM tiny:1\nRUN echo one; echo two; ls /nope; exit 2\n",
          command: "",
          builder: "buildkit",
        }),
      );
      const deferred = await emulator.waitFor(
        (call) => call.path === `/interactions/${submitted.id}/${submitted.token}/callback`,
      );
      expect(callbackData(deferred)).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
      const edit = await emulator.waitFor(
        (call) =>
          call.method === "PATCH" &&
          call.path === `/webhooks/${APPLICATION_ID}/${submitted.token}/messages/@original`,
        { timeoutMs: 30_000 },
      );
      const [embed] = embedsOf(edit.body);
      expect(embed?.title).toBe("The build failed");
      expect(embed?.description).toContain(
        "**Failing step:** `[2/2] RUN echo one; echo two; ls /nope; exit 2`",
      );
      expect(embed?.description).toContain("did not complete successfully: exit code: 2");
      expect(embed?.description).toContain("```\none\ntwo\nls: /nope: No such file or directory\n```");
      expect(
        emulator.find(
          (call) => call.method === "POST" && call.path === `/webhooks/${APPLICATION_ID}/${submitted.token}`,
        ),
      ).toEqual([]);
    });

    it("4. feedback keeps the question, explains every wrong engine-computed choice, and links lessons by title; true/false buttons read True and False", async () => {
      const fay = user(4, "fay");
      await dueForReview(fay, ["basics-write-does-not-change-image", "cache-first-miss-classic"]);
      const { token, message } = await review(fay);
      // True/false: the buttons say True and False, the text lists no lettered options.
      const first = await activeQuiz(fay);
      expect(first.state.shown?.view.mode).toBe("true-false");
      expect(embedsOf(message)[0]?.description).not.toMatch(/\*\*TRUE\*\*|\*\*FALSE\*\*/);
      const labels = (message.components as Array<{ components: Array<{ label?: string }> }>).flatMap((row) =>
        row.components.map((component) => component.label),
      );
      expect(labels.slice(0, 2)).toEqual(["True", "False"]);
      const graded = await interactAndWait(
        emulator,
        buttonClick(fay, `quiz:${first.id}:0:pick:${wrongChoice(first)}`, message),
      );
      expect(callbackData(graded.call).type).toBe(7);
      const next = await interactAndSettle(
        emulator,
        buttonClick(fay, `quiz:${first.id}:1:next`, messageOf(emulator, token)),
        APPLICATION_ID,
      );
      expect(next.token).toBeTruthy();
      // The engine-computed question: every wrong option gets its own explanation from the engine.
      const second = await activeQuiz(fay);
      expect(second.state.shown?.view.kind).toBe("scenario");
      const wrong = wrongChoice(second);
      const answer = await interactAndWait(
        emulator,
        buttonClick(fay, `quiz:${second.id}:1:pick:${wrong}`, messageOf(emulator, token)),
      );
      const [question, verdict] = embedsOf(callbackData(answer.call).data);
      expect(question?.description).toContain("```dockerfile");
      expect(verdict?.description).toContain("**Why the other options are wrong**");
      expect(verdict?.description).not.toContain("Not this one.");
      const wrongIds = (second.state.shown?.view.choices ?? [])
        .map((choice) => choice.id)
        .filter((id) => !(second.state.shown?.key.correctChoiceIds ?? []).includes(id));
      for (const id of wrongIds)
        expect(verdict?.description).toMatch(new RegExp(`\\*\\*${id.toUpperCase()}:\\*\\* \\S`));
      // The summary links lessons by title, never by internal id.
      const summary = await interactAndWait(
        emulator,
        buttonClick(fay, `quiz:${second.id}:2:next`, messageOf(emulator, token)),
      );
      const [board] = embedsOf(callbackData(summary.call).data);
      const lessonTitle = lessonsById.get("build-cache")?.title as string;
      expect(board?.description).toContain("**Reread**");
      expect(board?.description).toContain(`[${lessonTitle}](https://layercake.test/`);
      expect(board?.description).not.toMatch(
        /\[cache-first-miss-classic\]|\[basics-write-does-not-change-image\]/,
      );
    });

    it("4. a two-round challenge edits one board and posts no other channel message", async () => {
      const host = { ...user(5, "host"), permissions: String(0x20 | 0x8) };
      const since = emulator.calls.length;
      const start = await interactAndSettle(
        emulator,
        slashCommand(host, "challenge", [
          { name: "rounds", type: 4, value: 2 },
          { name: "seconds", type: 4, value: 2 },
        ]),
        APPLICATION_ID,
      );
      const board = messageOf(emulator, start.token);
      const results = await emulator.waitFor(
        (call) =>
          call.method === "PATCH" &&
          call.path === `/channels/${CHANNEL_ID}/messages/${board.id}` &&
          JSON.stringify(call.body).includes("Challenge results"),
        { since, timeoutMs: 30_000 },
      );
      expect(allDisabled((results.body as { components: unknown }).components)).toBe(true);
      const edits = emulator
        .find(
          (call) => call.method === "PATCH" && call.path === `/channels/${CHANNEL_ID}/messages/${board.id}`,
        )
        .filter((call) => emulator.calls.indexOf(call) >= since);
      expect(edits).toHaveLength(2);
      expect(
        emulator.calls
          .slice(since)
          .filter((call) => call.method === "POST" && call.path === `/channels/${CHANNEL_ID}/messages`),
      ).toEqual([]);
    });

    it("4. /drill answers each answer with feedback above what comes next", async () => {
      const gus = user(6, "gus");
      const start = await interactAndSettle(
        emulator,
        slashCommand(gus, "drill", [{ name: "length", type: 4, value: 1 }]),
        APPLICATION_ID,
      );
      const message = messageOf(emulator, start.token);
      const opened = await interactAndWait(
        emulator,
        buttonClick(gus, customIds(message)[0] as string, message),
      );
      const modalId = (callbackData(opened.call).data as { custom_id: string }).custom_id;
      const answered = await interactAndSettle(
        emulator,
        modalSubmit(gus, modalId, { answer: "no idea" }, message),
        APPLICATION_ID,
      );
      const after = messageOf(emulator, start.token);
      expect(answered.deferred ? 6 : 7).toBe(callbackData(answered.call).type);
      expect(embedsOf(after)[0]?.title).toMatch(/^Your answer/);
      expect(embedsOf(after)[0]?.description).toMatch(/^(✅|❌) \d+%/);
      expect(embedsOf(after)).toHaveLength(2);
    });
  },
);
