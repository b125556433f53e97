import { describe, expect, it } from "vitest";
import { runOn } from "./test-support.ts";

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
});
