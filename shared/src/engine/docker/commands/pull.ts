/**
 * `docker pull` from the simulated catalog (engine/catalog): a catalog image is added to the
 * daemon, as the first build, run or create that names it also does. The registry's per-layer
 * progress lines and the manifest digest are left out of the output: the catalog holds images,
 * not a registry's manifests, so any digest printed here would be invented.
 */
import { normalizeImageTag } from "../../daemon/reference.ts";
import { hasFlag } from "../args.ts";
import { type CommandResult, fail, ok, withFlags } from "../command.ts";
import type { SimDaemon } from "../daemon.ts";

export function pull(daemon: SimDaemon, argv: readonly string[]): CommandResult {
  return withFlags("pull", argv, [{ long: "quiet", short: "q" }], (args) => {
    if (args.positionals.length !== 1) {
      return fail(
        `"docker pull" requires exactly 1 argument.\nSee 'docker pull --help'.\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry`,
      );
    }
    const [reference = ""] = args.positionals;
    const tagged = normalizeImageTag(reference);
    if (tagged === undefined) return fail("invalid reference format");
    const repository = tagged.replace(/:[^:/]*$/, "");
    const tag = tagged.slice(repository.length + 1);
    const fullName = `docker.io/${repository.includes("/") ? "" : "library/"}${tagged}`;
    const present = daemon.store.getImage(tagged) !== undefined;
    if (daemon.store.resolveBaseImage(tagged) === undefined) {
      return fail(
        `Error response from daemon: pull access denied for ${repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
      );
    }
    if (hasFlag(args, "quiet")) return ok(`${fullName}\n`);
    const status = present ? `Image is up to date for ${tagged}` : `Downloaded newer image for ${tagged}`;
    const source = `${repository.includes("/") ? "" : "library/"}${repository}`;
    return ok(`${tag}: Pulling from ${source}\nStatus: ${status}\n${fullName}\n`);
  });
}
