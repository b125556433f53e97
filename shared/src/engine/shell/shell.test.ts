import { describe, expect, it } from "vitest";
import { findCatalogImage } from "../catalog/index.ts";
import { createOverlayMount } from "../fs/overlay.ts";
import { getNode, walkTree } from "../fs/tree.ts";
import type { DirNode } from "../fs/types.ts";
import { stackLayers } from "../fs/union.ts";
import { runArgv, runShell } from "./index.ts";
import { parseShell } from "./parse.ts";

function tinyView(): DirNode {
  const tiny = findCatalogImage("tiny:1");
  return stackLayers(tiny?.layers.map((layer) => layer.changes) ?? []).at(-1) as DirNode;
}

function sh(script: string, lower: DirNode = tinyView()) {
  const mount = createOverlayMount(lower, { identity: { uid: 0, gid: 0 }, now: 1_700_000_000 });
  const outcome = runShell(["/bin/sh", "-c"], script, {
    fs: mount.fs,
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"],
    cwd: "/",
    identity: { uid: 0, gid: 0 },
    now: 1_700_000_000,
  });
  const upper = [...walkTree(mount.upper())].map(
    ({ path, node }) => `${path}${node.kind === "dir" ? "/" : node.kind === "whiteout" ? " (whiteout)" : ""}`,
  );
  return { ...outcome, upper, mount };
}

describe("the shell's parser", () => {
  it("parses lists, pipelines and compound commands", () => {
    expect(parseShell("a && b || c; d | e\nif true; then echo y; else echo n; fi").ok).toBe(true);
    expect(parseShell("for x in 1 2; do echo $x; done").ok).toBe(true);
  });

  it("reports syntax errors with ash's wording", () => {
    expect(parseShell("echo hi; fi")).toMatchObject({ ok: false, message: 'syntax error: unexpected "fi"' });
    expect(parseShell("if true; then echo")).toMatchObject({
      ok: false,
      message: 'syntax error: unexpected end of file (expecting "fi")',
    });
  });
});

describe("syntax errors as busybox 1.35's ash reports them", () => {
  // Observed on Debian 12's busybox-static; the shell differential's corpus runs these and more.
  it("names the line in a script file, counting from 1, after running the lines before it", () => {
    expect(
      sh("printf 'echo a\\necho b\\nif true; then echo c; fi fi\\n' > /s.sh; sh /s.sh; echo $?"),
    ).toMatchObject({ stdout: "a\nb\n2\n", stderr: '/s.sh: line 3: syntax error: unexpected "fi"\n' });
  });

  it("counts sh -c NAME's lines from 0 and leaves the line out without a name", () => {
    expect(sh("sh -c 'echo a\nfi' nm").stderr).toBe('nm: line 1: syntax error: unexpected "fi"\n');
    expect(sh("sh -c 'echo a\nfi'").stderr).toBe('sh: syntax error: unexpected "fi"\n');
  });

  it("reports an unterminated quote on the line the input ends on", () => {
    expect(sh("printf 'echo a\\necho \"b\\n' > /q.sh; sh /q.sh").stderr).toBe(
      "/q.sh: line 3: syntax error: unterminated quoted string\n",
    );
  });

  it("numbers eval's lines from the eval's own line and runs its complete lines first", () => {
    expect(sh("sh -c 'echo x\neval \"echo a\nfi\"' nm")).toMatchObject({
      stdout: "x\na\n",
      stderr: 'nm: eval: line 2: syntax error: unexpected "fi"\n',
    });
    expect(sh("sh -c 'eval \"echo \\$((1+))\"; echo after'").stderr).toBe(
      "sh: eval: line 0: arithmetic syntax error\n",
    );
  });
});

describe("running scripts over the overlay", () => {
  it("prints and sets exit codes (a && b || c)", () => {
    expect(sh("echo hello world")).toMatchObject({ exitCode: 0, stdout: "hello world\n" });
    expect(sh("false && echo a || echo b")).toMatchObject({ exitCode: 0, stdout: "b\n" });
    expect(sh("false")).toMatchObject({ exitCode: 1 });
    expect(sh("exit 3")).toMatchObject({ exitCode: 3 });
  });

  it("reports a missing command as ash does (127)", () => {
    expect(sh("nosuch --flag")).toMatchObject({ exitCode: 127, stderr: "/bin/sh: nosuch: not found\n" });
  });

  it("finds applets only through the image's files: tiny:1 has no /bin/dd, so `dd` is not found", () => {
    expect(sh("dd if=/dev/zero of=/x bs=1 count=1")).toMatchObject({
      exitCode: 127,
      stderr: "/bin/sh: dd: not found\n",
    });
    expect(sh("/bin/busybox dd if=/dev/zero of=/big bs=1024 count=1024 2>/dev/null").exitCode).toBe(0);
  });

  it("expands variables, quotes and command substitutions", () => {
    expect(sh('A=1; B="two words"; echo "$A ${B}" \'$A\' ${C:-dflt} $(echo sub)').stdout).toBe(
      "1 two words $A dflt sub\n",
    );
  });

  it("stops at the first failure with set -e", () => {
    expect(sh("set -e; echo one; false; echo two")).toMatchObject({ exitCode: 1, stdout: "one\n" });
  });

  it("writes files through redirections into the upper layer", () => {
    const result = sh("echo x > /tmpfile && echo y >> /tmpfile && cat /tmpfile");
    expect(result.stdout).toBe("x\ny\n");
    expect(result.upper).toEqual(["/tmpfile"]);
  });

  it("leaves no trace of a file created and deleted in one script at / (L2)", () => {
    const result = sh("/bin/busybox dd if=/dev/zero of=/big bs=1024 count=256 2>/dev/null && rm /big");
    expect(result.exitCode).toBe(0);
    expect(result.upper).toEqual([]);
  });

  it("copies the whole file up on chmod (L9)", () => {
    const result = sh("/bin/busybox chmod 700 /bin/busybox");
    expect(result.upper).toEqual(["/bin/", "/bin/busybox"]);
    expect(getNode(result.mount.upper(), "/bin/busybox")).toMatchObject({
      content: { size: 1_982_256 },
      meta: { mode: 0o700 },
    });
  });

  it("leaves a whiteout for rm of a lower file (L8) with busybox's messages for failures", () => {
    expect(sh("rm /etc/passwd").upper).toEqual(["/etc/", "/etc/passwd (whiteout)"]);
    expect(sh("rm /nope")).toMatchObject({
      exitCode: 1,
      stderr: "rm: can't remove '/nope': No such file or directory\n",
    });
    expect(sh("mkdir /etc")).toMatchObject({
      exitCode: 1,
      stderr: "mkdir: can't create directory '/etc': File exists\n",
    });
    expect(sh("cat /nope")).toMatchObject({
      exitCode: 1,
      stderr: "cat: can't open '/nope': No such file or directory\n",
    });
  });

  it("writes zeros as described content, not as a huge string", () => {
    const result = sh("head -c 100000000 /dev/zero > /huge", tinyWithHead());
    expect(result.exitCode).toBe(0);
    expect(getNode(result.mount.upper(), "/huge")).toMatchObject({ content: { size: 100_000_000 } });
  });

  it("expands globs against the file system", () => {
    expect(sh("echo /bin/c*").stdout).toBe("/bin/cat\n");
  });

  it("runs loops and conditionals", () => {
    expect(
      sh("for f in a b; do if [ $f = a ]; then echo A; else echo $f; fi; done", tinyWithHead()).stdout,
    ).toBe("A\nb\n");
  });
});

function tinyWithHead(): DirNode {
  const mount = createOverlayMount(tinyView(), { identity: { uid: 0, gid: 0 }, now: 0 });
  mount.fs.symlink("busybox", "/bin/head");
  mount.fs.symlink("busybox", "/bin/[");
  return mount.merged();
}

describe("the environment ash passes on", () => {
  it("exports PWD and SHLVL at start-up and lists exported variables in ash's hash-bucket order", () => {
    expect(sh("/bin/busybox env").stdout).toBe(
      "SHLVL=1\nHOME=/root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=/\n",
    );
    expect(sh("echo $SHLVL; sh -c 'echo $SHLVL'").stdout).toBe("1\n2\n");
  });

  it("keeps unexported variables out of a command's environment until `export`", () => {
    const script =
      "FOO=1; /bin/busybox env | /bin/busybox grep -c FOO; BAR=2 /bin/busybox env | /bin/busybox grep BAR; export FOO; /bin/busybox env | /bin/busybox grep -n FOO";
    expect(sh(script).stdout).toBe("0\nBAR=2\n4:FOO=1\n");
  });

  it("sets OLDPWD and PWD on cd", () => {
    expect(sh("cd /bin && echo $PWD $OLDPWD").stdout).toBe("/bin /\n");
  });

  it("leaves a directly exec'd program the environment in the order it was given", () => {
    const mount = createOverlayMount(tinyView(), { identity: { uid: 0, gid: 0 }, now: 0 });
    const outcome = runArgv(["/bin/busybox", "env"], {
      fs: mount.fs,
      env: ["PATH=/bin", "ZED=1", "HOME=/root"],
      cwd: "/",
      identity: { uid: 0, gid: 0 },
      now: 0,
    });
    expect(outcome.stdout).toBe("PATH=/bin\nZED=1\nHOME=/root\n");
  });
});

describe("exec form", () => {
  it("uses runc's messages for missing executables", () => {
    const mount = createOverlayMount(tinyView(), { identity: { uid: 0, gid: 0 }, now: 0 });
    const options = { fs: mount.fs, env: ["PATH=/bin"], cwd: "/", identity: { uid: 0, gid: 0 }, now: 0 };
    expect(runArgv(["nosuch"], options)).toMatchObject({
      exitCode: 127,
      stderr: 'exec: "nosuch": executable file not found in $PATH\n',
    });
    expect(runArgv(["/nosuch", "arg"], options)).toMatchObject({
      exitCode: 127,
      stderr: 'exec: "/nosuch": stat /nosuch: no such file or directory\n',
    });
    expect(runArgv(["/etc"], options)).toMatchObject({ exitCode: 126 });
    expect(runArgv(["echo", "$HOME"], options)).toMatchObject({ exitCode: 0, stdout: "$HOME\n" });
  });
});

describe("busybox wc", () => {
  it("prints a lone count bare, several counts as %9u columns, and a total line for several files", () => {
    const write = "printf 'a b\\nc\\n' > /x; printf 'one\\n' > /y; ";
    expect(sh(`${write}/bin/busybox wc -l /x`).stdout).toBe("2 /x\n");
    expect(sh(`${write}/bin/busybox wc -c < /x`).stdout).toBe("6\n");
    expect(sh(`${write}/bin/busybox wc /x`).stdout).toBe("        2         3         6 /x\n");
    expect(sh(`${write}/bin/busybox wc -l /x /y`).stdout).toBe(
      "        2 /x\n        1 /y\n        3 total\n",
    );
    expect(sh("printf 'a\\tb\\n' | /bin/busybox wc -L").stdout).toBe("9\n");
  });

  it("names a file it cannot open, goes on with the rest and exits 1", () => {
    const result = sh("echo hi > /x; /bin/busybox wc -c /nosuch /x");
    expect(result.stdout).toBe("        3 /x\n        3 total\n");
    expect(result.stderr).toBe("wc: /nosuch: No such file or directory\n");
    expect(result.exitCode).toBe(1);
  });
});

describe("busybox ls -l", () => {
  it("starts a directory listing with the KiB in use (4 per block, none for a symlink)", () => {
    const result = sh("mkdir /d; echo hi > /d/a; ln -s a /d/l; mkdir /d/sub; ls -l /d");
    expect(result.stdout.split("\n")[0]).toBe("total 8");
  });

  it("shows the time for a recent file, the year for one over half a year old or ahead, and ids with -n", () => {
    // The shell runs at 2023-11-14 22:13 UTC; tiny:1's /etc/passwd is dated 2024-01-01 (no /etc/group: ids).
    const result = sh("echo x > /new; ls -ln /new /etc/passwd").stdout.split("\n");
    // ls sorts its operands by name.
    expect(result[0]).toBe("-rw-r--r--    1 0        0               30 Jan  1  2024 /etc/passwd");
    expect(result[1]).toBe("-rw-r--r--    1 0        0                2 Nov 14 22:13 /new");
    const mount = createOverlayMount(tinyView(), { identity: { uid: 0, gid: 0 }, now: 1_710_000_000 });
    const later = runShell(["/bin/sh", "-c"], "ls -l /etc/passwd", {
      fs: mount.fs,
      env: ["PATH=/bin"],
      cwd: "/",
      identity: { uid: 0, gid: 0 },
      now: 1_710_000_000,
    });
    expect(later.stdout).toBe("-rw-r--r--    1 root     0               30 Jan  1 00:00 /etc/passwd\n");
  });
});

describe("what the Docker 26.1 recordings showed of tiny:1's busybox and ash", () => {
  it("reads a script from standard input for sh and sh -s ARGS (RUN <<EOT sh)", () => {
    const outcome = sh("echo 'echo $1 $0' | sh -s arg1; sh <<EOF\necho from a here-document\nEOF");
    expect(outcome.stdout).toBe("arg1 sh\nfrom a here-document\n");
  });

  it("reads /dev/stdin as standard input", () => {
    expect(sh("echo piped | cat /dev/stdin").stdout).toBe("piped\n");
  });

  it("answers `applet not found` for the applets Debian's busybox-static lacks", () => {
    const outcome = sh("/bin/busybox install /etc/passwd /p; echo $?; /bin/busybox adduser -D x; echo $?");
    expect(outcome.stdout).toBe("127\n127\n");
    expect(outcome.stderr).toBe("install: applet not found\nadduser: applet not found\n");
  });

  it("runs an applet by name from xargs and find -exec without a link in PATH", () => {
    const outcome = sh(
      "echo /etc/passwd | /bin/busybox xargs basename; /bin/busybox find /etc -name passwd -exec wc -c {} +",
    );
    expect(outcome.stdout).toBe("passwd\n30 /etc/passwd\n");
  });

  it("resolves .. after the symlink before it in readlink -f and realpath", () => {
    const outcome = sh(
      "mkdir -p /a/b && ln -s /a/b /l && /bin/busybox readlink -f /l/../x; /bin/busybox realpath /l/..",
    );
    expect(outcome.stdout).toBe("/a/x\n/a\n");
  });

  it("counts a malformed md5sum -c line as a failed check and stays quiet with -s", () => {
    const outcome = sh(
      "echo wrong | /bin/busybox md5sum -c; echo $?; echo wrong | /bin/busybox md5sum -c -s; echo $?",
    );
    expect(outcome.stdout).toBe("1\n1\n");
    expect(outcome.stderr).toBe("md5sum: WARNING: 1 of 1 computed checksums did NOT match\n");
  });

  it("names (null) when mktemp cannot create its file (tiny:1 has no /tmp)", () => {
    const outcome = sh("/bin/busybox mktemp; echo $?");
    expect(outcome.stdout).toBe("1\n");
    expect(outcome.stderr).toBe("mktemp: (null): No such file or directory\n");
  });

  it("runs the trap of a signal the shell sends itself", () => {
    const outcome = sh("trap 'echo caught; exit 3' TERM; kill -TERM $$; echo not reached");
    expect(outcome).toMatchObject({ exitCode: 3, stdout: "caught\n" });
  });

  it("quotes reserved words in set -x traces", () => {
    expect(sh("set -x; echo in done x").stderr).toBe("+ echo 'in' 'done' x\n");
  });
});
