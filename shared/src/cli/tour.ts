/**
 * `npm start` / `layercake tour`: a guided run of the engine in the terminal. It builds a small
 * project with both builders, edits one file and rebuilds to show which steps the cache reuses and
 * why, runs a container to show copy-on-write and `docker diff`, and measures wasted space — every
 * line computed by the engine, none typed by hand. `npm run tour -- --docker <profile>` tours the
 * Docker a learner runs (default: the containerd image store of a fresh Engine 29 / Docker Desktop).
 */
import "../platform/node.ts";
import { createSimulatedClock } from "../core/clock.ts";
import {
  analyzeImage,
  type BuilderKind,
  type ContainerRun,
  contextFromFiles,
  DEFAULT_LEARNER_PROFILE,
  explainContainerPath,
  humanSize,
  type Image,
  LEARNER_PROFILES,
  learnerProfile,
  listingSize,
  openDockerSession,
  parseLearnerProfile,
  renderBuildOutput,
  type Study,
  studyBuild,
} from "../engine/index.ts";

/** `--docker <profile>`; a bad value is named with the accepted ids. */
function dockerProfileArgument(args: readonly string[]) {
  const at = args.indexOf("--docker");
  if (at === -1) return DEFAULT_LEARNER_PROFILE;
  try {
    return parseLearnerProfile(args[at + 1] ?? "", "--docker");
  } catch (error) {
    process.stderr.write(`layercake tour: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const learner = learnerProfile(dockerProfileArgument(process.argv.slice(2)));

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text);
const say = (text = "") => process.stdout.write(`${text}\n`);

const DOCKERFILE = `FROM tiny:1
WORKDIR /app
COPY package.json /app/
RUN echo "installing dependencies" > /app/deps.log
COPY src /app/src
RUN /bin/busybox dd if=/dev/zero of=/app/cache.bin bs=1024 count=512 2>/dev/null
RUN rm /app/cache.bin
LABEL stage=demo
CMD ["sh"]
`;

const files = {
  "package.json": '{"name":"demo","version":"1.0.0"}\n',
  "src/app.js": 'console.log("hello");\n',
  "src/util.js": "export const answer = 42;\n",
};

function section(title: string): void {
  say();
  say(bold(`== ${title}`));
}

const CONTAINER_COMMAND = "echo changed >> /app/src/util.js && rm /app/deps.log && echo new > /app/new.txt";

/** Builds, edits src/app.js and rebuilds with one builder; runs a container when asked. */
function tourBuilder(builder: BuilderKind, runContainer: boolean): Study {
  const session = openDockerSession({
    clock: createSimulatedClock(Date.UTC(2026, 0, 1), 1000),
    profile: learner.daemon,
    seed: null,
    pulled: [],
  });
  const before = contextFromFiles(files);
  const after = contextFromFiles({ ...files, "src/app.js": 'console.log("hello, layers");\n' });
  const study = studyBuild(session, {
    build: { dockerfile: DOCKERFILE, context: before, builder, tags: ["demo:1"] },
    rebuild: { context: after },
    ...(runContainer
      ? {
          run: {
            on: "first" as const,
            command: CONTAINER_COMMAND,
            id: "4f2c9a7d1e3b5c6a8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
            at: Date.UTC(2026, 0, 1, 1),
          },
        }
      : {}),
  });

  section(`${builder === "classic" ? "Classic builder (DOCKER_BUILDKIT=0)" : "BuildKit"}: first build`);
  const { first, rebuild } = study;
  const output = renderBuildOutput(first, before);
  process.stdout.write(output.stdout + output.stderr);
  if (!first.ok || !first.image || rebuild === undefined) return study;

  section("Edit src/app.js, rebuild: which steps run, and why");
  for (const step of rebuild.steps) {
    if (step.cache === "not-applicable") continue;
    say(`  ${step.cache === "hit" ? "CACHED " : "RAN    "} ${step.instruction}`);
    for (const why of step.reasons) say(`           ${why.message}`);
  }

  section("Layers vs history entries");
  const image = first.image;
  const history = image.config.history;
  say(`  ${history.length} history entries, ${image.config.rootfs.diff_ids.length} filesystem layers`);
  for (const step of first.steps) {
    if (step.layer === "nothing") continue;
    say(
      `  ${step.layer === "layer" ? "layer       " : "history only"}  ${step.instruction}  (${step.layerReasons[0]?.rule ?? ""})`,
    );
  }
  return study;
}

function tourContainer(run: ContainerRun): void {
  section("Run a container: copy-on-write in the writable layer");
  say(`  exit code ${run.exitCode}`);
  say("  docker diff:");
  for (const entry of run.diff) say(`    ${entry.kind} ${entry.path}`);
  for (const path of ["/app/src/util.js", "/app/deps.log"]) {
    for (const why of explainContainerPath(run.container, path)) say(`  ${why.message}`);
  }
  say(
    `  docker ps -s on ${learner.short}: ${listingSize(run.size.sizeRw)} (virtual ${listingSize(run.size.sizeRootFs)})`,
  );
}

function tourAnalysis(image: Image): void {
  section("Wasted space: what deleting in a later layer really costs");
  const analysis = analyzeImage(image);
  say(
    `  image size ${humanSize(analysis.imageSize)}; dive efficiency ${(analysis.dive.score * 100).toFixed(1)}%, dive wasted ${humanSize(analysis.dive.wastedBytes)}`,
  );
  for (const file of analysis.wasted.files) say(`  ${file.reason.message}`);
}

say(
  bold(
    `Docker: ${learner.label} (--docker ${learner.id}; the others: ${LEARNER_PROFILES.filter(
      (other) => other !== learner,
    )
      .map((other) => other.id)
      .join(", ")})`,
  ),
);
const classic = tourBuilder("classic", true);
tourBuilder("buildkit", false);
if (classic.first.image && classic.run) {
  tourContainer(classic.run);
  tourAnalysis(classic.first.image);
}
say();
say("Every number above was computed by Layercake's engine; base images are simulated (catalog/README.md).");
