import type { CommandImplementation } from "../context.ts";

/** basename NAME [SUFFIX]. */
export const basename: CommandImplementation = (argv, io) => {
  const name = argv[1];
  if (name === undefined) {
    io.err("basename: missing operand\n");
    return 1;
  }
  const trimmed = name.replace(/\/+$/, "");
  let base = trimmed === "" ? (name === "" ? "" : "/") : (trimmed.split("/").pop() as string);
  const suffix = argv[2];
  if (suffix !== undefined && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  io.out(`${base}\n`);
  return 0;
};

/** dirname NAME. */
export const dirname: CommandImplementation = (argv, io) => {
  const name = argv[1];
  if (name === undefined) {
    io.err("dirname: missing operand\n");
    return 1;
  }
  const trimmed = name.replace(/\/+$/, "");
  if (trimmed === "") {
    io.out(name.startsWith("/") ? "/\n" : ".\n");
    return 0;
  }
  const slash = trimmed.lastIndexOf("/");
  if (slash === -1) io.out(".\n");
  else {
    const parent = trimmed.slice(0, slash).replace(/\/+$/, "");
    io.out(`${parent === "" ? "/" : parent}\n`);
  }
  return 0;
};
