/**
 * `npm run bench`, the `layercake docker` part: whole processes through bin/layercake.js, as a
 * person at a terminal runs them. Prints medians of wall time (and of user+sys CPU time when
 * /usr/bin/time is there: on a loaded machine the wall time mostly measures the queue for a core).
 * Each figure twice: as a user meets it, with the resident daemon already running (started by an
 * earlier command, as dockerd is; src/cli/docker-resident.ts), and with every command in its own
 * process (`LAYERCAKE_DOCKER_RESIDENT=0`, the first command of a session). With the daemon the CPU
 * figure is the client's alone: the command's own work is done in the daemon's process.
 * Targets (issue 18): `images`, `ps`, `version` ≤ 60 ms; a 10-instruction build over a 200-file
 * context ≤ 150 ms; the 1,000th command in one home within 1.5× of the 10th; the differential
 * transcripts through the CLI at least 5× faster than through the real daemon (bench/cli-transcripts.ts).
 * The daemons run in a runtime directory of the bench's own (removed at the end, so they leave).
 * Usage: node bench/cli.ts [--runs N]
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDockerMain } from "../src/cli/docker-main.ts";
import { useOwnRuntimeDir, waitForWarmDaemon } from "./resident-daemon.ts";

const PACKAGE = join(import.meta.dirname, "..");
const LAUNCHER = join(PACKAGE, "bin", "layercake.js");
const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME);
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag === -1 ? 21 : Number(process.argv[runsFlag + 1]);

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly exitCode: number;
}

/** Runs one whole process; wall time from here, CPU time from /usr/bin/time when present. */
function measure(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Sample {
  const timesFile = join(tmpdir(), `layercake-bench-time-${process.pid}`);
  const command = hasTime ? TIME : (argv[0] as string);
  const args = hasTime ? ["-f", "%U %S", "-o", timesFile, ...argv] : argv.slice(1);
  const started = performance.now();
  const result = spawnSync(command, args, { ...options, stdio: ["ignore", "ignore", "ignore"] });
  const wallMs = performance.now() - started;
  let cpuMs: number | undefined;
  if (hasTime) {
    const [user, system] =
      readFileSync(timesFile, "utf8").trim().split("\n").at(-1)?.split(" ").map(Number) ?? [];
    if (user !== undefined && system !== undefined) cpuMs = (user + system) * 1000;
  }
  return { wallMs, cpuMs, exitCode: result.status ?? 1 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0
    ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
    : (sorted[middle] as number);
}

function summary(samples: readonly Sample[]): { wall: number; cpu: number | undefined; text: string } {
  const wall = median(samples.map((sample) => sample.wallMs));
  const cpus = samples.flatMap((sample) => (sample.cpuMs === undefined ? [] : [sample.cpuMs]));
  const cpu = cpus.length === 0 ? undefined : median(cpus);
  return {
    wall,
    cpu,
    text: `${wall.toFixed(0)} ms wall${cpu === undefined ? "" : `, ${cpu.toFixed(0)} ms CPU`}`,
  };
}

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}

const node = process.execPath;
const runtimeDir = useOwnRuntimeDir();
/** The environment of a command run in its own process. */
const ownProcess = { LAYERCAKE_DOCKER_RESIDENT: "0" };
const MODES = [
  { label: "with the resident daemon", env: {} },
  { label: "each in its own process", env: ownProcess },
] as const;
const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(join(tmpdir(), "layercake-bench-home-"));
  homes.push(home);
  return home;
}

/** A project of `files` small files and a Dockerfile of ten instructions. */
function writeProject(dir: string, files: number): void {
  mkdirSync(join(dir, "src"), { recursive: true });
  for (let index = 0; index < files - 2; index += 1) {
    writeFileSync(
      join(dir, "src", `module-${index}.js`),
      `export const value${index} = ${index};\n`.repeat(8),
    );
  }
  writeFileSync(join(dir, "package.json"), '{"name":"bench","version":"1.0.0"}\n');
  writeFileSync(
    join(dir, "Dockerfile"),
    [
      "FROM tiny:1",
      "ENV APP=/app",
      "WORKDIR /app",
      "COPY package.json /app/",
      "RUN echo installing > /app/install.log",
      "COPY src /app/src",
      "RUN ls /app/src > /app/listing.txt",
      "LABEL team=layers",
      "EXPOSE 8080",
      'CMD ["sh"]',
    ].join("\n"),
  );
}

// The bundle is what `npm install` builds; rebuild it so the numbers are the bundle's, not the
// TypeScript sources'.
execFileSync(node, [join(PACKAGE, "scripts", "bundle-cli.mjs")], { stdio: "ignore" });

const lines: string[] = [];
const print = (line: string) => {
  lines.push(line);
  console.log(line);
};
print(`layercake docker as whole processes (Node ${process.versions.node}, load average ${loadAverage()})`);

// --- 1. start-up: read-only commands against a small state, interleaved with Node's own floor -----
{
  const home = freshHome();
  const cwd = home;
  const env = { ...process.env, LAYERCAKE_HOME: home };
  measure([node, LAUNCHER, "docker", "tag", "tiny:1", "bench:1"], { cwd, env });
  waitForWarmDaemon(runtimeDir);
  const probes: Record<string, { argv: string[]; env: NodeJS.ProcessEnv }> = {
    "node -e 0 (Node's start-up floor)": { argv: [node, "-e", "0"], env },
  };
  for (const command of ["images", "ps", "version"]) {
    for (const mode of MODES) {
      probes[`layercake docker ${command} (${mode.label})`] = {
        argv: [node, LAUNCHER, "docker", command],
        env: { ...env, ...mode.env },
      };
    }
  }
  const samples = new Map<string, Sample[]>(Object.keys(probes).map((name) => [name, []]));
  for (let round = 0; round < RUNS; round += 1) {
    for (const [name, probe] of Object.entries(probes))
      samples.get(name)?.push(measure(probe.argv, { cwd, env: probe.env }));
  }
  const floor = summary(samples.get("node -e 0 (Node's start-up floor)") ?? []);
  for (const [name, list] of samples) {
    const failed = list.some((sample) => sample.exitCode !== 0);
    const result = summary(list);
    const overFloor =
      name.startsWith("node ") || failed
        ? ""
        : `; ${(result.wall - floor.wall).toFixed(0)} ms wall above the floor (target ≤ 60 ms wall)`;
    print(`  ${name}: ${failed ? "not a command on this branch" : `${result.text}${overFloor}`}`);
  }
  print(`  (medians of ${RUNS} interleaved rounds)`);
}

// --- 2. a 10-instruction build over a 200-file context: in a fresh home, again (all cached), and
// after editing one file (the COPY of src and what follows run again) ------------------------------
{
  const kinds = ["first build in a fresh home", "the same build again (cached)", "after editing one file"];
  const samples = new Map<string, Sample[]>(
    kinds.flatMap((kind) => MODES.map((mode) => [`${kind} (${mode.label})`, []] as [string, Sample[]])),
  );
  for (let round = 0; round < Math.max(5, Math.floor(RUNS / 2)); round += 1) {
    for (const mode of MODES) {
      const home = freshHome();
      const project = join(home, "project");
      writeProject(project, 200);
      const options = {
        cwd: project,
        env: { ...process.env, LAYERCAKE_HOME: home, DOCKER_BUILDKIT: "1", ...mode.env },
      };
      for (const kind of kinds) {
        if (kind === "after editing one file")
          writeFileSync(join(project, "src", "module-7.js"), `// edit ${round}\n`);
        const sample = measure([node, LAUNCHER, "docker", "build", "-q", "-t", "app:1", "."], options);
        if (sample.exitCode !== 0) throw new Error("the bench build failed");
        samples.get(`${kind} (${mode.label})`)?.push(sample);
      }
    }
  }
  print(
    "build of a 10-instruction Dockerfile over a 200-file context (BuildKit, whole process; target ≤ 150 ms wall):",
  );
  for (const [kind, list] of samples) print(`  ${kind}: ${summary(list).text}`);
}

// --- 3. flat cost in history: the 10th and the 1,000th command, each in a home of its own ----------
// Both homes exist at once and are probed in turn, round by round, so a drift of the machine's speed
// during the bench falls on both alike.
{
  /** A home with `count` commands of a working session behind it (run in this process). */
  const sessionHome = (count: number) => {
    const home = freshHome();
    const project = join(home, "project");
    writeProject(project, 20);
    const env = { LAYERCAKE_HOME: home };
    const editable = join(project, "src", "module-0.js");
    let commands = 0;
    const run = (args: string[]) => {
      commands += 1;
      return runDockerMain(args, project, env);
    };
    /** One step of a working session: edit, build, run, look around, clean up now and then. */
    const step = (index: number) => {
      writeFileSync(editable, `export const version = ${index % 3};\n`);
      run(["build", "-q", "-t", "app:1", "."]);
      run(["run", "--rm", "app:1", "cat", "/app/listing.txt"]);
      if (index % 3 === 0) {
        run(["run", "--name", `c${index}`, "app:1", "sh", "-c", `echo ${index} > /app/run.txt`]);
        run(["diff", `c${index}`]);
        run(["rm", `c${index}`]);
      } else run(["ps", "-a"]);
    };
    run(["images"]);
    let index = 0;
    while (commands < count - 4) {
      step(index);
      index += 1;
    }
    while (commands < count) run(["images"]);
    return { home, project, env, commands, rounds: index };
  };
  // Nine commands, then the probes stand for the 10th; 999, then the probes stand for the 1,000th.
  const early = sessionHome(9);
  const late = sessionHome(999);
  const commands: Record<string, string[]> = {
    images: ["images"],
    "ps -a": ["ps", "-a"],
    "history app:1": ["history", "app:1"],
    "build (cached)": ["build", "-q", "-t", "app:1", "."],
  };
  const names = Object.keys(commands).flatMap((name) => MODES.map((mode) => `${name} (${mode.label})`));
  const results = [early, late].map(() => new Map<string, Sample[]>(names.map((name) => [name, []])));
  for (let round = 0; round < Math.max(5, Math.floor(RUNS / 2)); round += 1) {
    for (const [name, args] of Object.entries(commands)) {
      for (const mode of MODES) {
        for (const [at, session] of [early, late].entries()) {
          const options = { cwd: session.project, env: { ...process.env, ...session.env, ...mode.env } };
          results[at]
            ?.get(`${name} (${mode.label})`)
            ?.push(measure([node, LAUNCHER, "docker", ...args], options));
        }
      }
    }
  }
  // The home's daemon.json (written at its first command) names the containerd image store.
  const state = join(late.home, "state", "containerd");
  const trees = readdirSync(join(state, "trees")).length;
  const bytes = statSync(join(state, "state.json")).size;
  print(
    `flat cost: a home after ${late.commands} commands (${late.rounds} edit/build/run rounds: ${Math.round(late.rounds / 3)} containers made and removed; state.json ${(bytes / 1024).toFixed(0)} kB, ${trees} trees) against one after ${early.commands}, probed in turn:`,
  );
  for (const name of names) {
    const before = summary(results[0]?.get(name) ?? []);
    const after = summary(results[1]?.get(name) ?? []);
    const ratio = after.wall / before.wall;
    const cpuRatio =
      before.cpu === undefined || after.cpu === undefined
        ? ""
        : `, CPU ${(after.cpu / before.cpu).toFixed(2)}×`;
    print(
      `  ${name}: 10th ${before.text}; 1,000th ${after.text} — ${ratio.toFixed(2)}× wall${cpuRatio} (target ≤ 1.5×)`,
    );
  }
}

for (const home of homes) rmSync(home, { recursive: true, force: true });
rmSync(runtimeDir, { recursive: true, force: true });
