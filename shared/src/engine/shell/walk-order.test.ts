/**
 * The order directories are walked in (issue 15). busybox's find, du, tar c and cp -r read a
 * directory with readdir and keep its order. On the file systems learners have, that order is no
 * order at all: ext4 (and overlayfs over it, upper entries before lower ones) returns a directory's
 * entries in the order of their htree hash, seeded per file system when it was made, so two
 * machines list the same directory differently (tmpfs gives a third order). There is no real order
 * to reproduce, and a learner cannot tell a sorted walk from their own machine's walk except that
 * theirs looks shuffled. The simulator therefore walks every directory in sorted byte order, which
 * is also what ls, ls -R and globbing print on real systems; the busybox differential compares a
 * walk's output after `| sort` and the resulting trees as sets. These tests pin that decision.
 */
import { describe, expect, it } from "vitest";
import { runOn } from "./test-support.ts";

const SHUFFLED =
  "mkdir -p /w && cd /w && for n in c a e b d zz y x1 x0; do echo $n > $n; done && mkdir sub && touch sub/b sub/a";

describe("the order the simulator walks directories in", () => {
  it("find lists each directory's entries sorted by name, whatever order they were made in", () => {
    expect(runOn(`${SHUFFLED} && find .`).stdout).toBe(
      [
        ".",
        "./a",
        "./b",
        "./c",
        "./d",
        "./e",
        "./sub",
        "./sub/a",
        "./sub/b",
        "./x0",
        "./x1",
        "./y",
        "./zz",
        "",
      ].join("\n"),
    );
  });

  it("du -a and tar c walk in the same sorted order", () => {
    const du = runOn(`${SHUFFLED} && du -a . | cut -f2`).stdout.split("\n");
    expect(du.slice(0, 5)).toEqual(["./a", "./b", "./c", "./d", "./e"]);
    expect(du.indexOf("./sub/a")).toBeLessThan(du.indexOf("./sub/b"));
    expect(du.indexOf("./sub")).toBeLessThan(du.indexOf("./x0"));
    const listed = runOn(`${SHUFFLED} && tar cf - . | tar tf -`).stdout.split("\n").filter(Boolean);
    expect(listed.slice(0, 6)).toEqual(["./", "./a", "./b", "./c", "./d", "./e"]);
  });

  it("ls -R and globbing sort by name, as busybox does on every file system", () => {
    expect(runOn(`${SHUFFLED} && echo *`).stdout).toBe("a b c d e sub x0 x1 y zz\n");
    expect(runOn(`${SHUFFLED} && ls -R`).stdout).toBe(
      ".:\na\nb\nc\nd\ne\nsub\nx0\nx1\ny\nzz\n\n./sub:\na\nb\n",
    );
  });
});
