import { describe, expect, it } from "vitest";
import { heredocScript, isHeredocWord } from "./heredoc.ts";

const doc = (name: string, content: string, expand = true) => ({ name, content, expand, lastLine: 3 });

describe("heredocScript", () => {
  it("runs a lone document as the script and summarises its first line", () => {
    expect(heredocScript({ form: "shell", text: "<<EOT" }, [doc("EOT", "echo one\necho two\n")])).toEqual({
      text: "echo one\necho two\n",
      summary: "echo one...",
    });
  });

  it("mounts a #! document under /dev/pipes and runs it by its path", () => {
    expect(
      heredocScript({ form: "shell", text: "<<'EOT'" }, [doc("EOT", "#!/bin/sh\necho hi\n", false)]),
    ).toEqual({
      text: "/dev/pipes/EOT",
      pipe: { path: "/dev/pipes/EOT", content: "#!/bin/sh\necho hi\n" },
      summary: "#!/bin/sh...",
    });
  });

  it("hands the shell the line and every document when the line is more than one heredoc word", () => {
    expect(
      heredocScript({ form: "shell", text: "cat <<A <<B > /f" }, [doc("A", "first\n"), doc("B", "second\n")]),
    ).toEqual({ text: "cat <<A <<B > /f\nfirst\nA\nsecond\nB" });
    expect(heredocScript({ form: "shell", text: "<<EOT sh" }, [doc("EOT", "echo hi\n")])).toEqual({
      text: "<<EOT sh\necho hi\nEOT",
    });
  });

  it("leaves lines without documents and exec forms alone", () => {
    expect(heredocScript({ form: "shell", text: "echo hi" }, undefined)).toBeUndefined();
    expect(heredocScript({ form: "exec", argv: ["sh"] }, [doc("EOT", "x\n")])).toBeUndefined();
  });
});

describe("isHeredocWord", () => {
  it("recognises here-document source words", () => {
    expect(["<<EOT", "<<-EOT", '<<"EOT"', "3<<EOT"].map(isHeredocWord)).toEqual([true, true, true, true]);
    expect(["a.txt", "/x/<<y", "<<a<b"].map(isHeredocWord)).toEqual([false, false, false]);
  });
});
