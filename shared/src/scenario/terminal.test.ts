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
    expect(terminal.run("vim app.txt")).toMatchObject({ output: "sh: vim: not found\n", exitCode: 127 });
  });

  it("lists the working directory and a subdirectory of the context", () => {
    const terminal = createTerminal({
      files: { Dockerfile: "FROM tiny:1\n", "src/a.txt": "a", "src/b.txt": "b" },
    });
    expect(terminal.run("ls").output).toBe("Dockerfile\nsrc\n");
    expect(terminal.run("ls src").output).toBe("a.txt\nb.txt\n");
    expect(terminal.run("ls nope")).toMatchObject({
      exitCode: 1,
      output: "ls: nope: No such file or directory\n",
    });
  });

  it("advances its clock one second per command from the given start", () => {
    const terminal = createTerminal({ nowMs: 1_000_000 });
    terminal.run("ls");
    terminal.run("pwd");
    expect(terminal.now()).toBe(1_002_000);
  });

  it("uses the classic builder for every build when created with builder classic", () => {
    const terminal = createTerminal({
      builder: "classic",
      files: { Dockerfile: "FROM tiny:1\nRUN echo hi > /hi\n" },
    });
    expect(terminal.run("docker build .").output).toContain("Step 2/2 : RUN echo hi > /hi");
    expect(terminal.run("DOCKER_BUILDKIT=1 docker build .").output).toContain(
      "#1 [internal] load build definition",
    );
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

describe("createTerminal with a learner profile", () => {
  it("runs the Docker of a learner profile id, with its builder unless one is given", () => {
    const containerd = createTerminal({ profile: "26.1-containerd" });
    expect(containerd.profile.store).toBe("containerd");
    expect(containerd.run("docker info").stdout).toContain(
      " Storage Driver: overlayfs\n  driver-type: io.containerd.snapshotter.v1\n",
    );
    const legacy = createTerminal({ profile: "20.10-overlay2", files: { Dockerfile: "FROM tiny:1\n" } });
    expect(legacy.profile.engine).toBe("20.10");
    expect(legacy.run("docker build .").stdout).toContain("Step 1/1 : FROM tiny:1");
    const buildkit = createTerminal({
      profile: "20.10-overlay2",
      builder: "buildkit",
      files: { Dockerfile: "FROM tiny:1\n" },
    });
    expect(buildkit.run("docker build .").output).toContain("[1/1] FROM");
  });
});
