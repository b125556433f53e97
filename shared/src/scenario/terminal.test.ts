import { describe, expect, it } from "vitest";
import { splitCommandLine } from "./command-line.ts";
import { createTerminal } from "./terminal.ts";

describe("createTerminal", () => {
  it("builds, rebuilds from the cache and rebuilds after an edit", () => {
    const terminal = createTerminal();
    terminal.writeFile("Dockerfile", "FROM tiny:1\nCOPY app.txt /app/\nRUN echo built > /built\n");
    terminal.writeFile("app.txt", "v1\n");
    expect(terminal.run("docker build -t demo .").exitCode).toBe(0);
    const again = terminal.run("docker build -t demo .").output;
    expect(again.match(/CACHED/g)?.length).toBe(2);
    terminal.writeFile("app.txt", "v2 edited\n");
    const edited = terminal.run("docker build -t demo .").output;
    expect(edited).not.toContain("CACHED");
  });

  it("selects the classic builder with DOCKER_BUILDKIT=0, as the docker CLI does", () => {
    const terminal = createTerminal({ files: { Dockerfile: "FROM tiny:1\nRUN echo hi > /hi\n" } });
    const output = terminal.run("DOCKER_BUILDKIT=0 docker build -t demo .").output;
    expect(output).toContain("Step 2/2 : RUN echo hi > /hi");
  });

  it("runs a container and shows docker diff", () => {
    const terminal = createTerminal();
    expect(terminal.run("docker run --name c tiny:1 sh -c 'echo x > /new; rm /etc/passwd'").exitCode).toBe(0);
    expect(terminal.run("docker diff c").output).toBe("C /etc\nD /etc/passwd\nA /new\n");
  });

  it("edits context files with host commands and refuses unknown ones with 127", () => {
    const terminal = createTerminal();
    terminal.run("echo hello > app.txt");
    expect(terminal.run("cat app.txt").output).toBe("hello\n");
    expect(terminal.files()).toEqual({ "app.txt": "hello\n" });
    expect(terminal.run("vim app.txt")).toMatchObject({ exitCode: 127 });
  });

  it("reports an unterminated quote as a syntax error", () => {
    expect(createTerminal().run("docker run tiny:1 sh -c 'echo")).toMatchObject({ exitCode: 2 });
  });
});

describe("splitCommandLine", () => {
  it("splits quoted words, leading assignments and a trailing redirection", () => {
    expect(splitCommandLine(`A=1 docker run x sh -c "echo \\"hi\\"" 'a b' > out.txt`)).toEqual({
      env: { A: "1" },
      argv: ["docker", "run", "x", "sh", "-c", 'echo "hi"', "a b"],
      redirect: { path: "out.txt", append: false },
    });
  });
});
