import type { Stat } from "../../fs/types.ts";
import type { CommandImplementation, Io, ShellContext } from "../context.ts";
import { matchPattern } from "../pattern.ts";
import { runExternal } from "../programs.ts";
import { applyMode } from "./chmod.ts";
import { childPaths, errnoText, fullPath, idForName } from "./support.ts";

/** A node of find's expression: evaluated per path, true when the path passes. */
type Test = (entry: Entry) => boolean;

interface Entry {
  readonly path: string;
  readonly full: string;
  readonly stat: Stat;
  readonly depth: number;
  prune: boolean;
}

class FindError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function sizeTest(spec: string): Test {
  const match = /^([+-]?)(\d+)([bckwMG]?)$/.exec(spec);
  if (!match) throw new FindError(`invalid argument '${spec}' to '-size'`);
  const unit = { "": 512, b: 512, c: 1, k: 1024, w: 2, M: 1048576, G: 1073741824 }[match[3] as string] ?? 512;
  const wanted = Number(match[2]);
  return (entry) => {
    const units = Math.ceil(entry.stat.size / unit);
    return match[1] === "+" ? units > wanted : match[1] === "-" ? units < wanted : units === wanted;
  };
}

function numericTest(spec: string, value: (entry: Entry) => number): Test {
  const match = /^([+-]?)(\d+)$/.exec(spec);
  if (!match) throw new FindError(`invalid argument '${spec}'`);
  const wanted = Number(match[2]);
  return (entry) => {
    const actual = value(entry);
    return match[1] === "+" ? actual > wanted : match[1] === "-" ? actual < wanted : actual === wanted;
  };
}

function permTest(spec: string): Test {
  const match = /^([-/]?)(.+)$/.exec(spec);
  // Octal or symbolic (`-perm -u+x`): symbolic modes are applied to 0.
  const mode = match ? applyMode(0, match[2] as string, false, 0) : undefined;
  if (!match || mode === undefined) throw new FindError(`invalid mode '${spec}'`);
  return (entry) => {
    const actual = entry.stat.mode & 0o7777;
    if (match[1] === "-") return (actual & mode) === mode;
    if (match[1] === "/") return mode === 0 || (actual & mode) !== 0;
    return actual === mode;
  };
}

interface Plan {
  test: Test;
  /** True when the expression has an action (-print, -exec, -delete…): no implicit -print. */
  acts: boolean;
  maxDepth: number;
  minDepth: number;
  depthFirst: boolean;
}

/** Parses find's expression (POSIX precedence: `!` over `-a` over `-o`, parentheses). */
function parseExpression(
  args: readonly string[],
  io: Io,
  context: ShellContext,
  pendingBatches: (() => void)[],
): Plan {
  let position = 0;
  let acts = false;
  let maxDepth = Number.POSITIVE_INFINITY;
  let minDepth = 0;
  let depthFirst = false;
  const value = (option: string) => {
    const next = args[position];
    if (next === undefined) throw new FindError(`missing argument to '${option}'`);
    position += 1;
    return next;
  };
  const primary = (): Test => {
    const token = args[position] as string;
    position += 1;
    switch (token) {
      case "(": {
        const inner = orExpression();
        if (args[position] !== ")") throw new FindError("unmatched (");
        position += 1;
        return inner;
      }
      case "-name":
      case "-iname": {
        const pattern = value(token);
        const fold = token === "-iname";
        return (entry) => {
          const base = entry.path === "/" ? "/" : (entry.path.replace(/\/+$/, "").split("/").pop() as string);
          return fold ? matchPattern(pattern.toLowerCase(), base.toLowerCase()) : matchPattern(pattern, base);
        };
      }
      case "-path":
      case "-wholename":
      case "-ipath": {
        const pattern = value(token);
        return (entry) =>
          token === "-ipath"
            ? matchPattern(pattern.toLowerCase(), entry.path.toLowerCase())
            : matchPattern(pattern, entry.path);
      }
      case "-regex": {
        const regex = new RegExp(`^(?:${value(token)})$`);
        return (entry) => regex.test(entry.path);
      }
      case "-type": {
        const kinds = value(token);
        return (entry) =>
          kinds
            .split(",")
            .some((kind) =>
              kind === "f"
                ? entry.stat.kind === "file"
                : kind === "d"
                  ? entry.stat.kind === "dir"
                  : kind === "l"
                    ? entry.stat.kind === "symlink"
                    : false,
            );
      }
      case "-size":
        return sizeTest(value(token));
      case "-perm":
        return permTest(value(token));
      case "-empty":
        return (entry) =>
          entry.stat.kind === "dir"
            ? childPaths(context, entry.full).length === 0
            : entry.stat.kind === "file" && entry.stat.size === 0;
      case "-user": {
        const id = idForName(context, "/etc/passwd", value(token));
        return (entry) => entry.stat.uid === id;
      }
      case "-group": {
        const id = idForName(context, "/etc/group", value(token));
        return (entry) => entry.stat.gid === id;
      }
      case "-uid":
        return numericTest(value(token), (entry) => entry.stat.uid);
      case "-gid":
        return numericTest(value(token), (entry) => entry.stat.gid);
      case "-links":
        return numericTest(value(token), (entry) => entry.stat.nlink);
      case "-inum":
        return numericTest(value(token), (entry) => entry.stat.inode);
      case "-mtime":
      case "-mmin": {
        const unit = token === "-mtime" ? 86400 : 60;
        const now = context.now + context.budget.sleptSeconds;
        return numericTest(value(token), (entry) => Math.floor((now - entry.stat.mtime) / unit));
      }
      case "-newer": {
        const reference = context.fs.stat(fullPath(context, value(token)));
        const mtime = reference.ok ? reference.value.mtime : Number.POSITIVE_INFINITY;
        return (entry) => entry.stat.mtime > mtime;
      }
      case "-maxdepth":
        maxDepth = Number(value(token));
        return () => true;
      case "-mindepth":
        minDepth = Number(value(token));
        return () => true;
      case "-depth":
        depthFirst = true;
        return () => true;
      case "-xdev":
      case "-mount":
      case "-follow":
        return () => true;
      case "-true":
        return () => true;
      case "-false":
        return () => false;
      case "-prune":
        return (entry) => {
          entry.prune = true;
          return true;
        };
      case "-print":
        acts = true;
        return (entry) => {
          io.out(`${entry.path}\n`);
          return true;
        };
      case "-print0":
        acts = true;
        return (entry) => {
          io.out(`${entry.path}\0`);
          return true;
        };
      case "-delete":
        acts = true;
        depthFirst = true;
        return (entry) => {
          const failure =
            entry.stat.kind === "dir" ? context.fs.rmdir(entry.full) : context.fs.unlink(entry.full);
          if (!failure.ok) io.err(`find: ${entry.path}: ${errnoText(failure.error)}\n`);
          return failure.ok;
        };
      case "-exec":
      case "-ok": {
        acts = true;
        const command: string[] = [];
        while (position < args.length && args[position] !== ";" && args[position] !== "+") {
          command.push(args[position] as string);
          position += 1;
        }
        const terminator = args[position];
        if (terminator === undefined) throw new FindError(`missing argument to '${token}'`);
        position += 1;
        if (terminator === "+") {
          const batch: string[] = [];
          pendingBatches.push(() => {
            if (batch.length === 0) return;
            const argv = command.flatMap((word) => (word === "{}" ? batch : [word]));
            runExternal(argv, io, context, { preferApplets: true });
          });
          return (entry) => {
            batch.push(entry.path);
            return true;
          };
        }
        return (entry) => {
          context.budget.step();
          const argv = command.map((word) => word.replaceAll("{}", entry.path));
          return runExternal(argv, io, context, { preferApplets: true }) === 0;
        };
      }
      case "!":
      case "-not":
        return negate(primary());
      default:
        throw new FindError(
          token.startsWith("-") ? `unrecognized: ${token}` : `paths must precede expression: ${token}`,
        );
    }
  };
  const negate =
    (test: Test): Test =>
    (entry) =>
      !test(entry);
  const andExpression = (): Test => {
    let left = primary();
    while (
      position < args.length &&
      args[position] !== "-o" &&
      args[position] !== "-or" &&
      args[position] !== ")"
    ) {
      if (args[position] === "-a" || args[position] === "-and") position += 1;
      const first = left;
      const second = primary();
      left = (entry) => first(entry) && second(entry);
    }
    return left;
  };
  const orExpression = (): Test => {
    let left = andExpression();
    while (args[position] === "-o" || args[position] === "-or") {
      position += 1;
      const first = left;
      const second = andExpression();
      left = (entry) => first(entry) || second(entry);
    }
    return left;
  };
  const test = args.length === 0 ? () => true : orExpression();
  if (position < args.length) throw new FindError(`unrecognized: ${args[position]}`);
  return { test, acts, maxDepth, minDepth, depthFirst };
}

/** find [PATH…] [EXPRESSION]: walks in the directory's listing order. */
export const find: CommandImplementation = (argv, io, context) => {
  const args = argv.slice(1);
  let split = args.findIndex((arg) => arg.startsWith("-") || arg === "!" || arg === "(");
  if (split === -1) split = args.length;
  const starts = split === 0 ? ["."] : args.slice(0, split);
  let plan: Plan;
  // `-exec … {} +` runs its batch once the walk is over.
  const batches: (() => void)[] = [];
  try {
    plan = parseExpression(args.slice(split), io, context, batches);
  } catch (error) {
    if (!(error instanceof FindError)) throw error;
    io.err(`find: ${error.message}\n`);
    return 1;
  }
  let status = 0;
  const visit = (path: string, full: string, depth: number) => {
    context.budget.step();
    const stat = context.fs.lstat(full);
    if (!stat.ok) {
      io.err(`find: ${path}: ${errnoText(stat.error)}\n`);
      status = 1;
      return;
    }
    const entry: Entry = { path, full, stat: stat.value, depth, prune: false };
    const inRange = depth >= plan.minDepth && depth <= plan.maxDepth;
    const evaluate = () => {
      if (plan.test(entry) && !plan.acts) io.out(`${path}\n`);
    };
    if (inRange && !plan.depthFirst) evaluate();
    if (stat.value.kind === "dir" && !entry.prune && depth < plan.maxDepth) {
      for (const child of childPaths(context, full)) {
        const name = child.slice(child.lastIndexOf("/") + 1);
        visit(path.endsWith("/") ? `${path}${name}` : `${path}/${name}`, child, depth + 1);
      }
    }
    if (inRange && plan.depthFirst) evaluate();
  };
  for (const start of starts) visit(start, fullPath(context, start), 0);
  for (const batch of batches) batch();
  return status;
};
