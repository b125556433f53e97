/**
 * `docker tag`.
 */
import { type CommandResult, fail, findImageOrFail, isResult, ok, withFlags } from "../command.ts";
import type { SimDaemon } from "../daemon.ts";

export function tag(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("tag", argv, [], (args) => {
    if (args.positionals.length !== 2) {
      return fail(
        `"docker tag" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`,
      );
    }
    const [source = "", target = ""] = args.positionals;
    const image = findImageOrFail(daemon, source);
    if (isResult(image)) return image;
    if (daemon.store.tagImage(image, target) === undefined) {
      return fail(
        `Error parsing reference: "${target}" is not a valid repository/tag: invalid reference format`,
      );
    }
    return ok();
  });
}
