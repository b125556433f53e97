import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const LAUNCHER = join(import.meta.dirname, "..", "..", "bin", "layercake.js");
const packages: string[] = [];

/** A package with the real launcher, a stand-in bundle and stand-in sources that say which ran. */
function fakePackage(options: { bundle: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), "layercake-launcher-"));
  packages.push(root);
  mkdirSync(join(root, "bin"));
  copyFileSync(LAUNCHER, join(root, "bin", "layercake.js"));
  mkdirSync(join(root, "src", "cli"), { recursive: true });
  const main = (label: string) =>
    `export async function main(argv, options) { process.stdout.write("${label} " + argv.join(" ") + (options?.residentAsked ? " (the daemon was asked)" : "") + "\\n"); }\n`;
  // The bundle's resident daemon answers when the test says so, and tells what it was given.
  const resident =
    'export async function mainThroughResident(argv, root) { if (process.env.FAKE_RESIDENT !== "1") return false; process.stdout.write("resident " + argv.join(" ") + " checked against " + root + "\\n"); return true; }\n';
  writeFileSync(join(root, "src", "cli", "main.ts"), main("sources"));
  const old = new Date("2026-01-01T00:00:00Z");
  utimesSync(join(root, "src", "cli", "main.ts"), old, old);
  if (options.bundle) {
    mkdirSync(join(root, "dist", "cli"), { recursive: true });
    writeFileSync(join(root, "dist", "cli", "main.js"), main("bundle") + resident);
    const sources = ["src/cli/main.ts"];
    writeFileSync(
      join(root, "dist", "cli", "sources.json"),
      JSON.stringify({ builtMs: Date.parse("2026-02-01T00:00:00Z"), sources }),
    );
  }
  return root;
}

function launch(node: string, root: string, ...args: string[]): string {
  return launchWith({}, node, root, ...args);
}

function launchWith(env: NodeJS.ProcessEnv, node: string, root: string, ...args: string[]): string {
  return execFileSync(node, [join(root, "bin", "layercake.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, PATH: "/usr/bin:/bin", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

afterEach(() => {
  for (const root of packages.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("the layercake launcher", () => {
  it("runs the bundle in its own process while no source is newer than it", () => {
    const root = fakePackage({ bundle: true });
    expect(launch(process.execPath, root, "docker", "images")).toBe(
      "bundle docker images (the daemon was asked)\n",
    );
    expect(launch(process.execPath, root, "content", "check")).toBe("bundle content check\n");
  });

  it("hands a docker command to the bundle's resident daemon first, which checks the sources", () => {
    const root = fakePackage({ bundle: true });
    expect(launchWith({ FAKE_RESIDENT: "1" }, process.execPath, root, "docker", "ps")).toBe(
      `resident docker ps checked against ${root}\n`,
    );
    // Turned off: the bundle runs the command itself, without asking.
    expect(
      launchWith(
        { FAKE_RESIDENT: "1", LAYERCAKE_DOCKER_RESIDENT: "0" },
        process.execPath,
        root,
        "docker",
        "ps",
      ),
    ).toBe("bundle docker ps\n");
  });

  it("runs the TypeScript sources when one of them changed after the bundle was built", () => {
    const root = fakePackage({ bundle: true });
    writeFileSync(
      join(root, "src", "cli", "main.ts"),
      "export async function main() { console.log('edited'); }\n",
    );
    expect(launch(process.execPath, root, "docker", "images")).toBe("edited\n");
  });

  it("runs the TypeScript sources in a fresh clone where nothing is built", () => {
    const root = fakePackage({ bundle: false });
    expect(launch(process.execPath, root, "docker", "ps")).toBe("sources docker ps\n");
  });

  it("says what to run when started by an old Node and no Node 24 is installed", () => {
    const root = fakePackage({ bundle: true });
    let failure: { status: number; stderr: string } | undefined;
    try {
      launch("/usr/bin/node", root, "docker", "images");
    } catch (error) {
      const caught = error as { status: number; stderr: string };
      failure = { status: caught.status, stderr: caught.stderr };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(
      /^layercake: needs Node 24 or newer \(this is Node 20\.[0-9.]+\); run `npm install` at the repository root/,
    );
  });
});
