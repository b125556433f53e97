import { type CommandImplementation, environ } from "../context.ts";
import { runExternal } from "../programs.ts";

/** env [-i] [-u NAME]… [NAME=VALUE]… [COMMAND [ARG]…]. */
export const env: CommandImplementation = (argv, io, context) => {
  let index = 1;
  let clear = false;
  const unset: string[] = [];
  for (; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === "-i" || arg === "-") clear = true;
    else if (arg === "-u") unset.push(argv[++index] ?? "");
    else if (arg.startsWith("-u")) unset.push(arg.slice(2));
    else if (arg === "--") {
      index += 1;
      break;
    } else break;
  }
  const variables = new Map<string, string>(clear ? [] : environ(context));
  for (const name of unset) variables.delete(name);
  for (; index < argv.length && /^[^=]+=/.test(argv[index] as string); index += 1) {
    const arg = argv[index] as string;
    const equals = arg.indexOf("=");
    variables.delete(arg.slice(0, equals));
    variables.set(arg.slice(0, equals), arg.slice(equals + 1));
  }
  const command = argv.slice(index);
  if (command.length === 0) {
    let out = "";
    for (const [name, value] of variables) out += `${name}=${value}\n`;
    io.out(out);
    return 0;
  }
  // The command sees exactly this environment, in this order (it is exec'd, not a shell).
  const child = {
    ...context,
    env: new Map(variables),
    exported: new Set(variables.keys()),
    shell: false,
  };
  const status = runExternal(command, io, child, { quiet: true, preferApplets: true });
  if (status === 127) io.err(`env: can't execute '${command[0]}': No such file or directory\n`);
  return status;
};
