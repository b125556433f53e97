/**
 * `docker save -o FILE`, or `docker save > FILE`.
 */
import type { Image } from "../../image/types.ts";
import { saveArchive } from "../archive.ts";
import { flagValue } from "../args.ts";
import {
  type CommandEnv,
  type CommandResult,
  fail,
  findImageOrFail,
  isResult,
  ok,
  profileOf,
  requireArgs,
  withFlags,
} from "../command.ts";
import type { SimDaemon } from "../daemon.ts";

export function save(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("save", argv, [{ long: "output", short: "o", value: true }], (args) => {
    const missing = requireArgs("save", args, 1, "save [OPTIONS] IMAGE [IMAGE...]");
    if (missing) return missing;
    const output = flagValue(args, "output");
    // Without -o, to the standard output, unless that is a terminal (checked first, as the CLI does).
    if (output === undefined && env.io.canWriteStandardOutput?.() !== true)
      return fail("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    const images: { image: Image; reference: string }[] = [];
    for (const reference of args.positionals) {
      const image = findImageOrFail(daemon, reference);
      if (isResult(image)) return image;
      images.push({ image, reference });
    }
    const archive = saveArchive(daemon, images, profileOf(env));
    if (output === undefined) env.io.writeStandardOutput?.(archive);
    else env.io.writeFile(output, archive);
    return ok();
  });
}
