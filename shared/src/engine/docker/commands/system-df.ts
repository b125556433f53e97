/**
 * `docker system df [-v]`.
 */
import { shortId } from "../../../core/hash.ts";
import { humanSize, listingSize } from "../../units/human-size.ts";
import { hasFlag } from "../args.ts";
import { type CommandEnv, type CommandResult, ok, profileOf, withFlags } from "../command.ts";
import {
  buildCacheRows,
  chainKeys,
  containerSizeOf,
  imageCreatedMs,
  listedImageSize,
  listImageRows,
  type SimDaemon,
  sharedSize,
} from "../daemon.ts";
import { ago, ellipsis, renderTable } from "../format.ts";
import { containerImageName, containerStatus } from "./ps.ts";

export function system(daemon: SimDaemon, argv: readonly string[], env: CommandEnv): CommandResult {
  return withFlags("system df", argv, [{ long: "verbose", short: "v" }], (args) => {
    const topLevel = [...new Set(listImageRows(daemon, false, profileOf(env)).map((row) => row.image))];
    const layerSizes = new Map<string, number>();
    for (const image of daemon.store.listImages()) {
      const keys = chainKeys(image.layers);
      for (const [index, layer] of image.layers.entries()) layerSizes.set(keys[index] as string, layer.size);
    }
    const totalImages = [...layerSizes.values()].reduce((sum, size) => sum + size, 0);
    const usedIds = new Set(daemon.containers.map((record) => record.container.image.id));
    const active = topLevel.filter((image) => usedIds.has(image.id));
    // docker/cli formatter/disk_usage.go: reclaimable = layers size − unique size of images in use.
    const usedUnique = active.reduce(
      (sum, image) =>
        sum + listedImageSize(profileOf(env), image) - sharedSize(daemon, image, profileOf(env)),
      0,
    );
    const rwSizes = daemon.containers.map((record) => ({
      size: containerSizeOf(profileOf(env), record.container).sizeRw,
      running: record.container.status === "running",
    }));
    const totalContainers = rwSizes.reduce((sum, item) => sum + item.size, 0);
    const reclaimableContainers = rwSizes
      .filter((item) => !item.running)
      .reduce((sum, item) => sum + item.size, 0);
    const reclaimable = (total: number, reclaim: number) =>
      total > 0 ? `${humanSize(reclaim)} (${Math.floor((reclaim * 100) / total)}%)` : humanSize(reclaim);
    const cacheRows = buildCacheRows(daemon, profileOf(env));
    // docker/cli's disk usage: a shared record's bytes are the images'; none is in use between builds.
    const cacheSize = cacheRows.filter((row) => !row.shared).reduce((sum, row) => sum + row.size, 0);
    if (!hasFlag(args, "verbose")) {
      return ok(
        renderTable(
          ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
          [
            [
              "Images",
              String(topLevel.length),
              String(active.length),
              humanSize(totalImages),
              reclaimable(totalImages, totalImages - usedUnique),
            ],
            [
              "Containers",
              String(daemon.containers.length),
              String(rwSizes.filter((item) => item.running).length),
              humanSize(totalContainers),
              reclaimable(totalContainers, reclaimableContainers),
            ],
            ["Local Volumes", "0", "0", "0B", "0B"],
            ["Build Cache", String(cacheRows.length), "0", humanSize(cacheSize), humanSize(cacheSize)],
          ],
        ),
      );
    }
    const imageRows = listImageRows(daemon, false, profileOf(env)).map((row) => {
      const shared = sharedSize(daemon, row.image, profileOf(env));
      return [
        row.repository,
        row.tag,
        shortId(row.image.id),
        ago(imageCreatedMs(row.image), env.nowMs),
        listingSize(row.size),
        humanSize(shared),
        humanSize(row.size - shared),
        String(daemon.containers.filter((record) => record.container.image.id === row.image.id).length),
      ];
    });
    const containerRows = [...daemon.containers]
      .reverse()
      .map((record) => [
        shortId(record.container.id),
        containerImageName(daemon, record),
        `"${ellipsis([...record.container.entrypoint, ...record.container.cmd].join(" "), 20)}"`,
        "0",
        listingSize(containerSizeOf(profileOf(env), record.container).sizeRw),
        ago(record.container.created, env.nowMs),
        containerStatus(record, env.nowMs),
        record.container.name,
      ]);
    return ok(
      `Images space usage:\n\n${renderTable(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"], imageRows)}\nContainers space usage:\n\n${renderTable(["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"], containerRows)}\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\n\nBuild cache usage: ${humanSize(cacheSize)}\n\n${renderTable(
        ["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"],
        cacheRows.map((row) => [
          row.id,
          row.type,
          listingSize(row.size),
          ago(row.createdMs, env.nowMs),
          ago(row.lastUsedMs, env.nowMs),
          String(row.usage),
          String(row.shared),
        ]),
      )}`,
    );
  });
}
