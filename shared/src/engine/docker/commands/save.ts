/**
 * `docker save -o`.
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
    if (output === undefined)
      return fail("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    const images: { image: Image; reference: string }[] = [];
    for (const reference of args.positionals) {
      const image = findImageOrFail(daemon, reference);
      if (isResult(image)) return image;
      images.push({ image, reference });
    }
    env.io.writeFile(output, saveArchive(daemon, images, profileOf(env)));
    return ok();
  });
}
