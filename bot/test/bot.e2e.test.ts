/**
 * The bot end to end: the real discord.js client (a child process configured by environment)
 * against the local Discord emulator. Asserts the exact REST calls the bot makes.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readContentLibrary } from "@layercake/shared/content/node";
import type { Question } from "@layercake/shared/core";
import { currentQuestionSeed, newReviewCard, presentQuestion } from "@layercake/shared/quiz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionRecord } from "../src/adapters/storage.ts";
import type { Store } from "../src/adapters/store.ts";
import type { DrillRecordState } from "../src/commands/drill.ts";
import { COMMANDS } from "../src/commands/index.ts";
import type { QuizRecordState } from "../src/commands/quiz.ts";
import { withChoiceReasons } from "../src/discord-free/explain-choices.ts";
import {
  APPLICATION_ID,
  autocomplete,
  buttonClick,
  type DiscordEmulator,
  type EmulatedUser,
  GUILD_ID,
  modalSubmit,
  type RecordedCall,
  type StoredMessage,
  selectMenu,
  slashCommand,
} from "./emulator/emulator.ts";
import {
  admin,
  alice,
  BOT_DIR,
  type BotProcess,
  bob,
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
/** Tests that restart the bot: two shards each read the content library again, slow on a loaded machine. */
const RESTART_TIMEOUT_MS = 180_000;
const library = readContentLibrary(`${BOT_DIR}/../content`).library;

let harness: Harness;
let emulator: DiscordEmulator;
let bot: BotProcess;
let store: Store;

async function activeQuiz(user: EmulatedUser): Promise<SessionRecord<QuizRecordState>> {
  const record = (await store.activeSession("quiz", GUILD_ID, user.id)) as
    | SessionRecord<QuizRecordState>
    | undefined;
  if (!record) throw new Error("no active quiz");
  return record;
}

/** How each quiz answer was given (button, select, modal), to check the quiz used them all. */
const answerChannels = new Set<string>();

/** Answers the current quiz question shown in `message`, rightly or wrongly; returns the grading callback. */
async function answerQuiz(user: EmulatedUser, message: StoredMessage, token: string, right: boolean) {
  const record = await activeQuiz(user);
  // The question as the bot showed it, with the key it stored when it asked.
  const shown = record.state.shown;
  if (!shown || shown.position !== record.state.session.position)
    throw new Error("the question is not shown");
  const { view, key } = shown;
  const prefix = `quiz:${record.id}:${record.state.session.position}`;
  const correct = key.correctChoiceIds ?? [];
  const wrongChoice = (view.choices ?? []).find((choice) => !correct.includes(choice.id))?.id ?? "a";
  if (view.mode === "single" || view.mode === "true-false") {
    const choice = right ? (correct[0] as string) : wrongChoice;
    expect(customIds(message)).toContain(`${prefix}:pick:${choice}`);
    answerChannels.add("button");
    return (await interactAndWait(emulator, buttonClick(user, `${prefix}:pick:${choice}`, message))).call;
  }
  if (view.mode === "multiple") {
    answerChannels.add("select");
    return (
      await interactAndWait(
        emulator,
        selectMenu(user, `${prefix}:multi`, right ? correct : [wrongChoice], message),
      )
    ).call;
  }
  answerChannels.add("modal");
  const opened = await interactAndWait(emulator, buttonClick(user, `${prefix}:open`, message));
  expect(callbackData(opened.call)).toMatchObject({ type: 9, data: { custom_id: `${prefix}:modal` } });
  const text =
    view.mode === "numeric"
      ? String((key.numeric?.answer ?? 0) + (right ? 0 : 1000))
      : view.mode === "ordering"
        ? (right ? (key.order ?? []) : [...(key.order ?? [])].reverse()).join(" ")
        : right
          ? (key.accepted?.[0] ?? key.rubric?.modelAnswer ?? "")
          : "no idea";
  const submitted = emulator.interact(modalSubmit(user, `${prefix}:modal`, { answer: text }, message));
  void token;
  return emulator.waitFor(
    (call) => call.path === `/interactions/${submitted.id}/${submitted.token}/callback`,
  );
}

describe.each(e2eBackends("bot e2e"))("the Discord bot against the emulator ($name)", (backend) => {
  beforeAll(async () => {
    harness = await startHarness(backend);
    ({ emulator, bot, store } = harness);
    answerChannels.clear();
  }, 180_000);
  afterAll(async () => {
    await harness?.stop();
  });

  it("registers its commands in a guild with the registration script", async () => {
    const since = emulator.calls.length;
    // Asynchronously: the emulator answers from this process's event loop.
    const { stdout: output } = await promisify(execFile)(process.execPath, ["scripts/register-commands.ts"], {
      cwd: BOT_DIR,
      env: { ...bot.env(), DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_GUILD_ID: GUILD_ID },
      encoding: "utf8",
    });
    expect(output).toContain(`Registered ${COMMANDS.length} commands in guild ${GUILD_ID}`);
    const put = emulator.calls.slice(since).find((call) => call.method === "PUT");
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(((put?.body ?? []) as Array<{ name: string }>).map((command) => command.name)).toEqual([
      "quiz",
      "drill",
      "review",
      "challenge",
      "simulate",
      "lesson",
      "stats",
      "progress",
      "leaderboard",
      "config",
    ]);
    expect(bot.output).not.toContain("test-token-never-logged");
  });

  it("runs a full quiz with buttons, selects and modals, grading each answer and summarising", async () => {
    // Alice runs overlay2 with BuildKit, where every copy-on-write question holds (several size
    // questions are overlay2's; the default containerd store's profile asks fewer).
    await store.setUserSettings({
      userId: alice.id,
      dockerProfile: "26.1-overlay2",
      chosenAt: new Date().toISOString(),
    });
    const start = await interactAndSettle(
      emulator,
      slashCommand(alice, "quiz", [
        {
          name: "start",
          type: 1,
          options: [
            { name: "topic", type: 3, value: "copy-on-write" },
            { name: "length", type: 4, value: 16 },
          ],
        },
      ]),
      APPLICATION_ID,
    );
    expect(callbackData(start.call).type).toBe(start.deferred ? 5 : 4);
    const shownFirst = start.deferred
      ? (emulator.find((call) => call.method === "PATCH" && call.path.includes(start.token))[0]
          ?.body as Record<string, unknown>)
      : callbackData(start.call).data;
    expect(shownFirst.allowed_mentions).toEqual({ parse: [] });
    let message = messageOf(emulator, start.token);
    expect((message.embeds as Array<{ title: string }>)[0]?.title).toMatch(
      /^Question 1 of 16 · copy-on-write/,
    );
    const verdicts: string[] = [];
    for (let position = 0; position < 16; position += 1) {
      const graded = await answerQuiz(alice, message, start.token, position !== 1);
      const body = callbackData(graded);
      expect(body.type, JSON.stringify(body.data)).toBe(7);
      const embeds = body.data.embeds as Array<{ title: string; description: string }>;
      // The grade keeps the question, then the verdict.
      expect(embeds[0]?.title).toMatch(/— the question$/);
      verdicts.push(embeds[1]?.description.startsWith("✅") ? "right" : "wrong");
      message = messageOf(emulator, start.token);
      const next = customIds(message)[0] as string;
      expect(next).toMatch(/:next$/);
      const shown = await interactAndSettle(emulator, buttonClick(alice, next, message), APPLICATION_ID);
      // An update at once, or (a scenario question the engine computes first) a deferred update.
      expect(callbackData(shown.call).type).toBe(shown.deferred ? 6 : 7);
      message = messageOf(emulator, start.token);
    }
    expect(verdicts).toEqual(Array.from({ length: 16 }, (_, index) => (index === 1 ? "wrong" : "right")));
    // Every non-open question of the topic: buttons, a select menu and modals all took answers.
    expect([...answerChannels].sort()).toEqual(["button", "modal", "select"]);
    const summary = (message.embeds as Array<{ title: string; description: string }>)[0];
    expect(summary?.title).toBe("Quiz finished");
    expect(summary?.description).toMatch(/^\*\*15\/16\*\* right/);
  });

  it("counts a double click once", async () => {
    const start = await interactAndSettle(
      emulator,
      slashCommand(bob, "quiz", [
        {
          name: "start",
          type: 1,
          options: [
            { name: "topic", type: 3, value: "whiteouts" },
            { name: "length", type: 4, value: 2 },
          ],
        },
      ]),
      APPLICATION_ID,
    );
    const message = messageOf(emulator, start.token);
    const record = await activeQuiz(bob);
    const click = buttonClick(
      bob,
      customIds(message).find(
        (id) => id.includes(":pick:") || id.endsWith(":open") || id.endsWith(":multi"),
      ) as string,
      message,
    );
    const { id, token, payload } = emulator.interact(click);
    emulator.replay(payload);
    await emulator.waitFor((call) => call.path === `/interactions/${id}/${token}/callback`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emulator.find((call) => call.path === `/interactions/${id}/${token}/callback`)).toHaveLength(1);
    expect((await store.answersFor(record.id)).length).toBeLessThanOrEqual(1);
    await interactAndWait(emulator, slashCommand(bob, "quiz", [{ name: "stop", type: 1 }]));
  });

  it("runs a private drill to its report by topic with lesson links", async () => {
    const start = await interactAndSettle(
      emulator,
      slashCommand(alice, "drill", [{ name: "length", type: 4, value: 2 }]),
      APPLICATION_ID,
    );
    expect(callbackData(start.call)).toMatchObject({
      type: start.deferred ? 5 : 4,
      data: { flags: EPHEMERAL },
    });
    let message = messageOf(emulator, start.token);
    for (let turn = 0; turn < 6; turn += 1) {
      const title = (message.embeds as Array<{ title: string }>).at(-1)?.title ?? "";
      if (title.startsWith("Interview report")) break;
      const open = customIds(message)[0] as string;
      const opened = await interactAndWait(emulator, buttonClick(alice, open, message));
      expect(callbackData(opened.call).type).toBe(9);
      const modalId = (callbackData(opened.call).data as { custom_id: string }).custom_id;
      const drill = (await store.activeSession(
        "drill",
        GUILD_ID,
        alice.id,
      )) as SessionRecord<DrillRecordState>;
      const shown = drill.state.shown;
      if (!shown) throw new Error("the drill question is not shown");
      const { view, key } = shown;
      // A typed answer in the form each question asks for; open answers cover some points only.
      const text =
        view.mode === "open"
          ? "Layers are read-only and shared; the container writes to its own writable layer."
          : view.mode === "numeric"
            ? String(key.numeric?.answer ?? 0)
            : view.mode === "ordering"
              ? (key.order ?? []).join(" ")
              : view.mode === "text"
                ? (key.accepted?.[0] ?? "")
                : (key.correctChoiceIds ?? []).join(" ");
      const answered = await interactAndSettle(
        emulator,
        modalSubmit(alice, modalId, { answer: text }, message),
        APPLICATION_ID,
      );
      const call = answered.call;
      expect(callbackData(call).type, JSON.stringify(callbackData(call).data)).toBe(
        answered.deferred ? 6 : 7,
      );
      message = messageOf(emulator, start.token);
    }
    const report = (message.embeds as Array<{ title: string; description: string }>).at(-1);
    expect(report?.title).toMatch(/^Interview report: \d+% over 2 questions$/);
    expect(report?.description).toContain("https://layercake.test/");
  });

  it("plays a challenge with 50 players answering at once and posts a results board", async () => {
    const start = await interactAndSettle(
      emulator,
      slashCommand(admin, "challenge", [
        { name: "rounds", type: 4, value: 1 },
        { name: "seconds", type: 4, value: 4 },
      ]),
      APPLICATION_ID,
    );
    expect(callbackData(start.call).type).toBe(start.deferred ? 5 : 4);
    const message = messageOf(emulator, start.token);
    const picks = customIds(message).filter((id) => id.includes(":pick:"));
    expect(picks.length).toBeGreaterThan(1);
    const players = Array.from({ length: 50 }, (_, index) => ({
      id: `80000000000000${String(index).padStart(4, "0")}`,
      username: `player${index}`,
    }));
    const since = emulator.calls.length;
    const sent = players.map((player, index) =>
      emulator.interact(buttonClick(player, picks[index % picks.length] as string, message)),
    );
    const replies = await Promise.all(
      sent.map(({ id, token }) =>
        emulator.waitFor((call) => call.path === `/interactions/${id}/${token}/callback`, { since }),
      ),
    );
    for (const reply of replies)
      expect(callbackData(reply)).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(replies.every((reply) => String(callbackData(reply).data.content).includes("locked in"))).toBe(
      true,
    );
    // The results replace the question on the same board message, whose buttons are disabled.
    const board = await emulator.waitFor(
      (call) =>
        call.method === "PATCH" &&
        call.path === `/channels/${CHANNEL_ID}/messages/${message.id}` &&
        JSON.stringify(call.body).includes("Challenge results"),
      { since, timeoutMs: 20_000 },
    );
    expect(
      emulator
        .find((call) => call.method === "POST" && call.path === `/channels/${CHANNEL_ID}/messages`)
        .slice(since),
    ).toEqual([]);
    const body = board.body as {
      embeds: Array<{ title: string; description: string }>;
      components: Array<{ components: Array<{ disabled?: boolean }> }>;
      allowed_mentions: unknown;
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.components.flatMap((row) => row.components).every((each) => each.disabled === true)).toBe(
      true,
    );
    const lines = body.embeds.at(-1)?.description.split("\n") ?? [];
    expect(lines).toHaveLength(50);
    expect(lines[0]).toMatch(/^1\. <@\d+> — 1\d\d points \(1 right\)$/);
  });

  it(
    "survives a kill mid-quiz: after a restart the quiz continues where it was",
    async () => {
      const start = await interactAndSettle(
        emulator,
        slashCommand(bob, "quiz", [
          {
            name: "start",
            type: 1,
            options: [
              { name: "topic", type: 3, value: "basics" },
              { name: "length", type: 4, value: 3 },
            ],
          },
        ]),
        APPLICATION_ID,
      );
      let message = messageOf(emulator, start.token);
      await answerQuiz(bob, message, start.token, true);
      const before = await activeQuiz(bob);
      expect(before.state.session.position).toBe(1);
      await bot.kill();
      await bot.start();
      expect(emulator.identifies).toBeGreaterThanOrEqual(2);
      message = messageOf(emulator, start.token);
      const next = await interactAndSettle(
        emulator,
        buttonClick(bob, customIds(message)[0] as string, message),
        APPLICATION_ID,
      );
      expect(callbackData(next.call).type).toBe(next.deferred ? 6 : 7);
      expect((messageOf(emulator, start.token).embeds as Array<{ title: string }>)[0]?.title ?? "").toMatch(
        /^Question 2 of 3/,
      );
      message = messageOf(emulator, start.token);
      await answerQuiz(bob, message, start.token, true);
      expect((await activeQuiz(bob)).state.session.answers.map((answer) => answer.correct)).toEqual([
        true,
        true,
      ]);
    },
    RESTART_TIMEOUT_MS,
  );

  it("answers bad input clearly: oversized text, unknown buttons, expired sessions", async () => {
    const opened = await interactAndWait(emulator, slashCommand(alice, "simulate"));
    expect(callbackData(opened.call).type).toBe(9);
    const huge = await interactAndWait(
      emulator,
      modalSubmit(alice, "sim:form", {
        dockerfile: `FROM tiny:1\n${"RUN true\n".repeat(600)}`,
        command: "",
        builder: "buildkit",
      }),
    );
    expect(callbackData(huge.call)).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(String(callbackData(huge.call).data.content)).toMatch(/limit is 4000/);

    const fake = {
      id: "1",
      channel_id: CHANNEL_ID,
      content: "",
      embeds: [],
      components: [],
      flags: 0,
      attachments: [],
    };
    const unknown = await interactAndWait(emulator, buttonClick(alice, "nonsense:123", fake));
    expect(String(callbackData(unknown.call).data.content)).toContain("no longer knows");

    const start = await interactAndSettle(
      emulator,
      slashCommand(alice, "quiz", [
        { name: "start", type: 1, options: [{ name: "length", type: 4, value: 2 }] },
      ]),
      APPLICATION_ID,
    );
    const record = await activeQuiz(alice);
    await store.saveSession({ ...record, expiresAt: Date.now() - 1000 });
    const message = messageOf(emulator, start.token);
    const beforeStale = emulator.calls.length;
    const stale = await interactAndWait(
      emulator,
      buttonClick(alice, customIds(message)[0] as string, message),
    );
    expect(callbackData(stale.call)).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(String(callbackData(stale.call).data.content)).toContain("expired");
    // The expired quiz's message gets its buttons disabled.
    const disabled = await emulator.waitFor(
      (call) =>
        call.method === "PATCH" &&
        call.path === `/webhooks/${APPLICATION_ID}/${start.token}/messages/@original` &&
        JSON.stringify(call.body).includes('"disabled":true'),
      { since: beforeStale },
    );
    const rows = (disabled.body as { components: Array<{ components: Array<{ disabled?: boolean }> }> })
      .components;
    expect(rows.flatMap((row) => row.components).every((component) => component.disabled === true)).toBe(
      true,
    );

    const someoneElse = await interactAndWait(
      emulator,
      buttonClick(bob, customIds(message)[0] as string, message),
    );
    expect(String(callbackData(someoneElse.call).data.content)).toMatch(
      /someone else's|no longer exists|over|expired/,
    );
  });

  it("simulates a build and replies with layers, cache decisions and a PNG diagram", async () => {
    await interactAndWait(emulator, slashCommand(bob, "simulate"));
    const submitted = emulator.interact(
      modalSubmit(bob, "sim:form", {
        dockerfile: "FROM tiny:1\nRUN echo hi > /hi\nLABEL a=b\n",
        command: "cat /hi",
        builder: "classic",
      }),
    );
    const deferred = await emulator.waitFor(
      (call) => call.path === `/interactions/${submitted.id}/${submitted.token}/callback`,
    );
    // Acknowledged privately at once; the result is posted in the channel, the placeholder removed.
    expect(callbackData(deferred)).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const posted = await emulator
      .waitFor(
        (call) => call.method === "POST" && call.path === `/webhooks/${APPLICATION_ID}/${submitted.token}`,
      )
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${bot.output}`);
      });
    expect(posted.files).toEqual([expect.objectContaining({ name: "layers.png", type: "image/png" })]);
    expect((posted.body as { flags?: number }).flags ?? 0).toBe(0);
    const embed = (
      posted.body as {
        embeds: Array<{ fields: Array<{ name: string; value: string }>; image: { url: string } }>;
      }
    ).embeds[0];
    expect(embed?.image.url).toBe("attachment://layers.png");
    // Each step says what it adds and why, in the engine's words.
    expect(embed?.fields[0]?.value).toContain(
      "RUN echo hi > /hi — **layer 3B**: the command changed files: its diff becomes a layer (R4)",
    );
    expect(embed?.fields[0]?.value).toContain(
      "LABEL a=b — **history only**: a metadata instruction changes no file",
    );
    expect(embed?.fields[0]?.value).not.toContain("cached on rebuild");
    expect(embed?.fields[1]?.value).toMatch(/^2 filesystem layers, 3 history entries/);
    expect(embed?.fields[2]?.value).toBe(
      "Rebuilt with nothing changed: all 2 cache-checked step(s) came from the cache.",
    );
    expect(embed?.fields[3]?.name).toBe("$ cat /hi (exit 0)");
    await emulator.waitFor(
      (call) =>
        call.method === "DELETE" &&
        call.path === `/webhooks/${APPLICATION_ID}/${submitted.token}/messages/@original`,
    );
  });

  it("autocompletes lessons and links a lesson to the site", async () => {
    const choices = await interactAndWait(
      emulator,
      autocomplete(alice, "lesson", [{ name: "name", type: 3, value: "cache", focused: true }]),
    );
    expect(callbackData(choices.call).type).toBe(8);
    const options = (callbackData(choices.call).data as { choices: Array<{ name: string; value: string }> })
      .choices;
    expect(options.map((choice) => choice.value)).toContain("build-cache");
    const lesson = await interactAndWait(
      emulator,
      slashCommand(alice, "lesson", [{ name: "name", type: 3, value: "build-cache" }]),
    );
    const embed = (callbackData(lesson.call).data.embeds as Array<{ url: string; title: string }>)[0];
    expect(embed).toMatchObject({
      title: "The build cache",
      url: "https://layercake.test/building/build-cache/",
    });
  });

  it("shows stats and leaderboards, and lets only managers change the config", async () => {
    const stats = await interactAndWait(emulator, slashCommand(alice, "stats"));
    expect(callbackData(stats.call).data.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(callbackData(stats.call).data)).toMatch(/"Answered","value":"\d+ \(\d+ right\)"/);
    const board = await interactAndWait(
      emulator,
      slashCommand(alice, "leaderboard", [{ name: "period", type: 3, value: "all" }]),
    );
    const lines = (
      (callbackData(board.call).data.embeds as Array<{ description: string }>)[0]?.description ?? ""
    ).split("\n");
    expect(lines.length).toBeGreaterThan(2);
    const refused = await interactAndWait(
      emulator,
      slashCommand(alice, "config", [
        { name: "server", type: 1, options: [{ name: "challenge_rounds", type: 4, value: 3 }] },
      ]),
    );
    expect(String(callbackData(refused.call).data.content)).toContain("Manage Server");
    const saved = await interactAndWait(
      emulator,
      slashCommand(admin, "config", [
        { name: "server", type: 1, options: [{ name: "challenge_rounds", type: 4, value: 3 }] },
      ]),
    );
    expect(String(callbackData(saved.call).data.content)).toContain("3 rounds");
  });

  it("/config docker: the user's Docker decides which questions they get and their answers; /progress and /simulate say which", async () => {
    const carol: EmulatedUser = { id: "700000000000000009", username: "carol" };
    const configure = (options: Array<{ name: string; type: number; value: string }>) =>
      interactAndWait(emulator, slashCommand(carol, "config", [{ name: "docker", type: 1, options }]));
    const contentOf = (call: RecordedCall) => String(callbackData(call).data.content);
    const current = await configure([]);
    expect(callbackData(current.call).data.flags).toBe(EPHEMERAL);
    expect(contentOf(current.call)).toContain(
      "You run: **Docker Desktop or a fresh Engine 29 (containerd image store, BuildKit)**",
    );
    const saved = await configure([{ name: "profile", type: 3, value: "20.10-overlay2" }]);
    expect(contentOf(saved.call)).toContain("Saved: you run **Engine 20.10 / classic builder**");
    expect(await store.getUserSettings(carol.id)).toMatchObject({ dockerProfile: "20.10-overlay2" });

    // A review asks only the due questions that hold for 20.10 (sd-switch claims the 26.1 profiles
    // only), and computes the scenario question's answer for 20.10.
    const past = new Date(Date.now() - 86_400_000);
    for (const questionId of ["sd-switch", "basics-layers-added"])
      await store.saveCard(carol.id, { ...newReviewCard(questionId, past), due: past.toISOString() });
    await interactAndSettle(emulator, slashCommand(carol, "review"), APPLICATION_ID);
    const review = await activeQuiz(carol);
    expect(review.state.session.questionIds).toEqual(["basics-layers-added"]);
    expect(review.state.dockerProfile).toBe("20.10-overlay2");
    const scenario = library.questions.find((question) => question.id === "basics-layers-added") as Question;
    const seed = currentQuestionSeed(review.state.session);
    const classic = presentQuestion(scenario, { seed, profile: "20.10-overlay2" });
    expect(presentQuestion(scenario, { seed, profile: "26.1-containerd" }).key).not.toEqual(classic.key);
    expect(review.state.shown?.key).toEqual(withChoiceReasons(classic.key));
    await interactAndWait(emulator, slashCommand(carol, "quiz", [{ name: "stop", type: 1 }]));

    // A quiz picks among the questions that hold for 20.10 only.
    await interactAndSettle(
      emulator,
      slashCommand(carol, "quiz", [
        { name: "start", type: 1, options: [{ name: "length", type: 4, value: 10 }] },
      ]),
      APPLICATION_ID,
    );
    const quiz = await activeQuiz(carol);
    expect(quiz.state.session.questionIds).toHaveLength(10);
    for (const questionId of quiz.state.session.questionIds)
      expect(library.questions.find((question) => question.id === questionId)?.profiles ?? []).toContain(
        "20.10-overlay2",
      );
    await interactAndWait(emulator, slashCommand(carol, "quiz", [{ name: "stop", type: 1 }]));

    const progress = await interactAndWait(
      emulator,
      slashCommand(carol, "progress", [{ name: "export", type: 1 }]),
    );
    expect(contentOf(progress.call)).toContain("Your Docker: **Engine 20.10 / classic builder**.");

    // /simulate offers the builder of 20.10 (classic) and says which Docker it simulated.
    const opened = await interactAndWait(emulator, slashCommand(carol, "simulate"));
    expect(JSON.stringify(callbackData(opened.call).data)).toContain(
      '"custom_id":"builder","label":"Builder: buildkit or classic","style":1,"required":false,"max_length":8,"value":"classic"',
    );
    const submitted = emulator.interact(
      modalSubmit(carol, "sim:form", {
        dockerfile: "FROM tiny:1\nRUN echo hi > /hi\n",
        command: "",
        builder: "",
      }),
    );
    const posted = await emulator.waitFor(
      (call) => call.method === "POST" && call.path === `/webhooks/${APPLICATION_ID}/${submitted.token}`,
    );
    const embed = (
      posted.body as { embeds: Array<{ description: string; fields: Array<{ value: string }> }> }
    ).embeds[0];
    expect(embed?.description).toContain("Simulated on **Engine 20.10 / classic builder**");
    expect(embed?.fields[1]?.value).toContain("(classic builder)");
  });

  it("reviews due cards as a quiz", async () => {
    for (const card of await store.getCards(alice.id))
      await store.saveCard(alice.id, { ...card, due: new Date(Date.now() - 1000).toISOString() });
    await interactAndWait(emulator, slashCommand(alice, "quiz", [{ name: "stop", type: 1 }]));
    const review = await interactAndSettle(emulator, slashCommand(alice, "review"), APPLICATION_ID);
    expect((messageOf(emulator, review.token).embeds as Array<{ title: string }>)[0]?.title).toMatch(
      /^Question 1 of \d+/,
    );
  });

  it(
    "shuts down cleanly on SIGTERM",
    async () => {
      expect(await bot.terminate()).toBe(0);
      expect(bot.output).toContain("SIGTERM, shutting down");
      await bot.start();
    },
    RESTART_TIMEOUT_MS,
  );
});
