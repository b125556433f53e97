import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isGenerated } from "./applets/content.ts";
import { BUDGETS, RunBudget } from "./budget.ts";
import { runOn } from "./test-support.ts";

describe("budgets end a run like a killed process", () => {
  it("stops an endless loop at the step budget with 124 and says which budget", () => {
    const outcome = runOn("while true; do :; done; echo never", undefined, {
      budget: new RunBudget({ steps: 5_000 }),
    });
    expect(outcome.exitCode).toBe(124);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toMatch(/steps budget/);
  });

  it("charges gzip's compression before it starts: too large a file ends at the step budget", () => {
    // 8 MB at a step per 16 bytes is 500,000 steps, more than the 300,000 (about a second).
    const outcome = runOn("head -c 8000000 /dev/zero > /big; gzip -c /big | wc -c");
    expect(outcome.exitCode).toBe(124);
    expect(outcome.stderr).toMatch(/steps budget/);
    // busybox: `seq 1 20000 | gzip | wc -c` prints 45004.
    expect(runOn("seq 1 20000 > /s; gzip -c /s | wc -c")).toMatchObject({ exitCode: 0, stdout: "45004\n" });
  });

  it("kills a variable that doubles forever with 137 (variable budget)", () => {
    const outcome = runOn("x=a; while true; do x=$x$x; done");
    expect(outcome.exitCode).toBe(137);
    expect(outcome.stderr).toMatch(/variable x would hold .* \(variable budget\)/);
  });

  it("kills endless output with 137 (output budget), keeping what fit", () => {
    const outcome = runOn("yes");
    expect(outcome.exitCode).toBe(137);
    expect(outcome.stdout.length).toBe(BUDGETS.outputBytes);
    expect(outcome.stderr).toMatch(/output budget/);
  });

  it("kills endless recursion at the nesting budget", () => {
    const outcome = runOn("f() { f; }; f");
    expect(outcome.exitCode).toBe(137);
    expect(outcome.stderr).toMatch(/function calls nested more than 200 deep \(memory budget\)/);
  });

  it("lets yes feed head through a pipe: the writer dies of SIGPIPE, the reader gets its lines", () => {
    const outcome = runOn("set -o pipefail; yes | head -n 2; echo $?");
    expect(outcome.stdout).toBe("y\ny\n141\n");
  });

  it("makes a 5 GB file from /dev/zero cost what a 5-byte one does", () => {
    const outcome = runOn(
      "dd if=/dev/zero of=/huge bs=1M count=5000 2>/dev/null; truncate -s 6G /sparse; wc -c /huge /sparse",
    );
    expect(outcome.stdout).toBe("5242880000 /huge\n6442450944 /sparse\n11685330944 total\n");
    const huge = outcome.mount.fs.readFile("/huge");
    expect(huge.ok && isGenerated(huge.value)).toBe(true);
    expect(outcome.budget.steps).toBeLessThan(100);
  });

  it("refuses to hash a generated terabyte-scale file within the step budget (124, not a frozen thread)", () => {
    const outcome = runOn("truncate -s 60G /t; md5sum /t");
    expect(outcome.exitCode).toBe(124);
  });
});

/** Fragments that cost time or memory when repeated, nested or combined. */
const fragment = fc.constantFrom(
  "x=$x$x",
  "x=${x:-seed}",
  "yes | head -c 100000 > /y",
  "seq 1 200000 | tail -n 1",
  "dd if=/dev/zero of=/z bs=1M count=2000 2>/dev/null",
  "cat /z /z > /zz 2>/dev/null",
  "f() { f; }; f",
  "g() { echo $(g); }; g",
  "echo $x | wc -c",
  'x=$(printf \'%s%s\' "$x" "$x")',
  "sed 's/a/bb/g' /y > /y2 2>/dev/null",
  "awk 'BEGIN { while (1) s = s \"abc\" }'",
  "awk 'BEGIN { for (;;) n++ }'",
  "sort /y2 2>/dev/null | uniq -c | head -n 1",
  "echo 'sh /s' > /s; sh /s",
  "echo '. /d' > /d; . /d",
  "while :; do :; done",
  "until false; do x=a$x; done",
  "for i in $(seq 100000); do :; done",
  "exec 3>/f; yes >&3",
  "tar cf /t.tar /y /y2 2>/dev/null",
  "gzip -c /y > /y.gz 2>/dev/null",
  "find / -type f | wc -l",
  "expr 1 + 1",
  "sleep 100000000",
);

const script = fc
  .array(fc.tuple(fragment, fc.constantFrom("; ", " && ", " | ", "\n", " || ")), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) =>
    parts
      .map(([text, separator]) => text + separator)
      .join("")
      .replace(/(; |&& | \| |\n| \|\| )$/, ""),
  )
  .map((body) => `x=seed\n${body}\nwhile true; do x=$x$x; done`);

describe("no input makes the shell take unbounded memory or time", () => {
  it("ends every generated script within its step, memory and output budgets", () => {
    fc.assert(
      fc.property(script, (text) => {
        const budget = new RunBudget({ steps: 200_000 });
        const outcome = runOn(text, undefined, { budget });
        // The run ended (the last line never ends on its own) through a budget, with its status.
        expect([124, 137]).toContain(outcome.exitCode);
        // Work stayed within the step budget, plus the one step that crossed it.
        expect(budget.steps).toBeLessThanOrEqual(budget.limits.steps + budget.limits.pipeBytes / 4096 + 1);
        // Output is capped; what is held in pipes and captures stayed under the memory budget.
        expect(outcome.stdout.length + outcome.stderr.length).toBeLessThanOrEqual(
          budget.limits.outputBytes + 1024,
        );
        expect(budget.nesting).toBe(0);
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
