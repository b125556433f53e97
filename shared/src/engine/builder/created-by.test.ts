import { describe, expect, it } from "vitest";
import {
  argComment,
  buildkitCopyMessage,
  buildkitCreatedBy,
  buildkitHealthcheckComment,
  buildkitRunCommandString,
  classicCopyComment,
  classicHealthcheckComment,
  classicNopCmd,
  classicNopCmdString,
  classicRunCmd,
  commandComment,
  sliceComment,
} from "./created-by.ts";

const SH = ["/bin/sh", "-c"];

describe("legacy created_by", () => {
  it("puts two spaces after #(nop) for metadata and one for WORKDIR, COPY and ADD", () => {
    expect(classicNopCmd(SH, "ENV E1=x").join(" ")).toBe("/bin/sh -c #(nop)  ENV E1=x");
    expect(classicNopCmdString(SH, "WORKDIR /bin").join(" ")).toBe("/bin/sh -c #(nop) WORKDIR /bin");
  });

  it("glues --chown to the source hash and ends COPY with a space (E17)", () => {
    expect(classicCopyComment("COPY", "1000:1000", "file:61f4", "/a")).toBe(
      "COPY --chown=1000:1000file:61f4 in /a ",
    );
    expect(classicCopyComment("ADD", "", "multi:589f", "/multi/")).toBe("ADD multi:589f in /multi/ ");
  });

  it("prefixes RUN with the sorted build args and their count, or |0 when only proxy args were passed", () => {
    expect(classicRunCmd(["/bin/sh", "-c", "true"], ["B=2", "A=1"]).join(" ")).toBe(
      "|2 A=1 B=2 /bin/sh -c true",
    );
    expect(classicRunCmd(["/bin/sh", "-c", "true"], []).join(" ")).toBe("|0 /bin/sh -c true");
    expect(classicRunCmd(["/bin/sh", "-c", "true"], undefined).join(" ")).toBe("/bin/sh -c true");
  });

  it("formats HEALTHCHECK like Go's %q of the config pointer", () => {
    expect(classicHealthcheckComment({ Test: ["CMD-SHELL", "true"] })).toBe(
      `HEALTHCHECK &{["CMD-SHELL" "true"] "0s" "0s" "0s" '\\x00'}`,
    );
    expect(
      classicHealthcheckComment({
        Test: ["CMD", "echo", "ok"],
        Interval: 30e9,
        Timeout: 5e9,
        StartPeriod: 1e9,
        Retries: 2,
      }),
    ).toBe(`HEALTHCHECK &{["CMD" "echo" "ok"] "30s" "5s" "1s" '\\x02'}`);
  });

  it("quotes CMD and ENTRYPOINT and prints VOLUME and SHELL as Go slices", () => {
    expect(commandComment("ENTRYPOINT", ["/bin/sh", "-c"])).toBe('ENTRYPOINT ["/bin/sh" "-c"]');
    expect(sliceComment("VOLUME", ["/data"])).toBe("VOLUME [/data]");
    expect(
      argComment([
        { key: "A", value: "1" },
        { key: "B", value: undefined },
      ]),
    ).toBe("ARG A=1 B");
  });
});

describe("BuildKit created_by", () => {
  it("keeps build args in declaration order and appends # buildkit to steps with state", () => {
    expect(
      buildkitCreatedBy(
        `RUN ${buildkitRunCommandString(
          ["/bin/sh", "-c", "true"],
          [
            { key: "B", value: "2" },
            { key: "A", value: "1" },
          ],
        )}`,
        true,
      ),
    ).toBe("RUN |2 B=2 A=1 /bin/sh -c true # buildkit");
    expect(buildkitCreatedBy("WORKDIR /w", false)).toBe("WORKDIR /w");
  });

  it("writes COPY flags and sources as given, and HEALTHCHECK as %+v", () => {
    expect(buildkitCopyMessage("COPY", { chown: "1000:1000", chmod: "600" }, ["a", "b"], "/d/")).toBe(
      "COPY --chown=1000:1000 --chmod=600 a b /d/",
    );
    expect(buildkitHealthcheckComment({ Test: ["CMD-SHELL", "true"] })).toBe(
      "HEALTHCHECK {Test:[CMD-SHELL true] Interval:0s Timeout:0s StartPeriod:0s StartInterval:0s Retries:0}",
    );
  });
});
