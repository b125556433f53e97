import { describe, expect, it } from "vitest";
import { createOverlayMount } from "../fs/overlay.ts";
import { runArgv, runShell } from "./index.ts";
import { busyboxImage, NOW, runOn } from "./test-support.ts";

/** The lines of issue 15's table, with what busybox 1.35 prints for them. */
describe("the lines that used to fail", () => {
  it("expands arithmetic: echo $((6*7)) prints 42", () => {
    expect(runOn("echo $((6*7))")).toMatchObject({ exitCode: 0, stdout: "42\n", stderr: "" });
  });

  it("runs a counting while loop four times", () => {
    const outcome = runOn('i=0; while [ $i -lt 4 ]; do i=$((i+1)); echo "pass $i"; done; echo "i=$i"');
    expect(outcome.stdout).toBe("pass 1\npass 2\npass 3\npass 4\ni=4\n");
  });

  it("writes 3,145,728 zero bytes with dd bs=1M count=3, generated rather than stored", () => {
    const outcome = runOn("dd if=/dev/zero of=/big bs=1M count=3");
    expect(outcome).toMatchObject({ exitCode: 0, stderr: "3+0 records in\n3+0 records out\n" });
    const big = outcome.mount.fs.readFile("/big");
    expect(big.ok && big.value.size).toBe(3_145_728);
    expect(big.ok && big.value.key).toBe("zero:3145728");
  });

  it("writes 5,120 bytes with head -c 5k /dev/zero", () => {
    const outcome = runOn("head -c 5k /dev/zero > /five; wc -c < /five");
    expect(outcome.stdout).toBe("5120\n");
  });

  it("runs find, cut and tr", () => {
    const outcome = runOn(
      "mkdir -p /data/sub && echo 'a b' > /data/x && echo 'c d' > /data/sub/y && find /data -type f | sort | tr '\\n' ','; echo; cut -d' ' -f2 /data/x /data/sub/y",
    );
    expect(outcome).toMatchObject({ exitCode: 0, stdout: "/data/sub/y,/data/x,\nb\nd\n", stderr: "" });
  });

  it("doubles a variable twenty times without stalling (work counted in steps, not seconds)", () => {
    const outcome = runOn("x=ab; i=0; while [ $i -lt 20 ]; do x=$x$x; i=$((i+1)); done; echo ${#x}");
    expect(outcome).toMatchObject({ exitCode: 0, stdout: `${2 * 2 ** 20}\n` });
    expect(outcome.budget.steps).toBeLessThan(1_000);
  });

  it("reports a missing applet in busybox's words", () => {
    const outcome = runOn("/bin/busybox nosuchapplet; echo $?");
    expect(outcome).toMatchObject({ stdout: "127\n", stderr: "nosuchapplet: applet not found\n" });
  });

  describe("as busybox 1.35 says it when the command is the container's or a RUN's", () => {
    const options = () => ({
      fs: createOverlayMount(busyboxImage(), { identity: { uid: 0, gid: 0 }, now: NOW }).fs,
      env: ["PATH=/bin"],
      cwd: "/",
      identity: { uid: 0, gid: 0 },
      now: NOW,
    });

    it("docker run IMAGE /bin/busybox nosuchapplet: applet not found, exit 127", () => {
      expect(runArgv(["/bin/busybox", "nosuchapplet"], options())).toEqual({
        exitCode: 127,
        stdout: "",
        stderr: "nosuchapplet: applet not found\n",
      });
    });

    it("an unknown command in the shell form: NAME: x: not found, exit 127, with ash's $0", () => {
      expect(runArgv(["sh", "-c", "x"], options())).toEqual({
        exitCode: 127,
        stdout: "",
        stderr: "sh: x: not found\n",
      });
      // A RUN line runs `/bin/sh -c`, so $0 and the prefix are /bin/sh.
      expect(runShell(["/bin/sh", "-c"], "x", options())).toEqual({
        exitCode: 127,
        stdout: "",
        stderr: "/bin/sh: x: not found\n",
      });
      expect(runOn("sh -c x; /bin/sh -c y; echo $?").stderr).toBe(
        "sh: x: not found\n/bin/sh: y: not found\n",
      );
    });

    it('runs a script file given to sh in the exec form (CMD ["sh", "/entrypoint.sh"])', () => {
      const shared = options();
      runArgv(["sh", "-c", "printf 'echo from script $1\\nx\\n' > /s.sh"], shared);
      expect(runArgv(["sh", "/s.sh", "arg"], shared)).toEqual({
        exitCode: 127,
        stdout: "from script arg\n",
        stderr: "/s.sh: line 2: x: not found\n",
      });
      expect(runArgv(["sh", "/nope"], shared)).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: "sh: can't open '/nope': No such file or directory\n",
      });
      expect(runArgv(["sh", "-c"], shared)).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: "sh: -c requires an argument\n",
      });
    });

    it("names the line when the shell runs a file or was given its $0, as ash does (observed on 1.35)", () => {
      const outcome = runOn(
        [
          "printf '\\n\\ncd /nonexist\\nx\\n' > /s",
          "sh /s",
          ". /s",
          "x",
          "printf 'y\\n' > /t1; printf '. /t1\\nz\\n' > /t2; sh /t2",
          "sh -c 'echo\necho\nx' nm",
          "sh -c 'f() {\nx\n}\nf' nm",
          "sh -c 'echo ${x?unset}' nm",
          "sh -c 'readonly x=1; x=2' nm",
          "sh -c 'echo > /nonexist/f' nm",
        ].join("; "),
      );
      expect(outcome.stderr.split("\n")).toEqual([
        "/s: cd: line 3: can't cd to /nonexist: No such file or directory",
        "/s: line 4: x: not found",
        // Sourced: ash names the file while it runs, and forgets it after.
        "/bin/sh: cd: line 3: can't cd to /nonexist: No such file or directory",
        "/bin/sh: /s: line 4: x: not found",
        "/bin/sh: x: not found",
        "/t2: /t1: line 1: y: not found",
        "/t2: line 2: z: not found",
        // A -c string counts its lines from 0.
        "nm: line 2: x: not found",
        "nm: line 1: x: not found",
        "nm: line 0: x: unset",
        "nm: line 0: x: is read only",
        "nm: line 0: can't create /nonexist/f: nonexistent directory",
        "",
      ]);
    });

    it("runs ash, busybox's shell under its other name, instead of calling it a missing applet", () => {
      expect(runArgv(["ash", "-c", "echo $0; x"], options())).toEqual({
        exitCode: 127,
        stdout: "ash\n",
        stderr: "ash: x: not found\n",
      });
      expect(runOn("ash -c 'echo hi'; busybox ash -c x; echo $?")).toMatchObject({
        stdout: "hi\n127\n",
        stderr: "ash: x: not found\n",
      });
    });
  });
});
