import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bytesSize, humanSize, humanSizeWithPrecision, listingSize } from "./human-size.ts";

describe("listingSize (docker images, history, ps -s)", () => {
  it("prints three significant digits with decimal units as docker images does", () => {
    expect([0, 5, 999, 1000, 1982349, 300_000, 65555, 2_113_461].map((size) => listingSize(size))).toEqual([
      "0B",
      "5B",
      "999B",
      "1kB",
      "1.98MB",
      "300kB",
      "65.6kB",
      "2.11MB",
    ]);
  });

  it("switches to Go's exponent form when rounding reaches the next power of ten", () => {
    expect(listingSize(999_999)).toBe("1e+03kB");
    expect(humanSize(999_999_9)).toBe("10MB");
    expect(humanSize(999_999)).toBe("1000kB");
    expect(humanSizeWithPrecision(999_999, 2)).toBe("1e+03kB");
  });
});

describe("humanSize (go-units HumanSize)", () => {
  it("prints four significant digits for system df's shared size", () => {
    expect(humanSize(2084749)).toBe("2.085MB");
    expect(humanSize(51200)).toBe("51.2kB");
    expect(humanSize(0)).toBe("0B");
  });
});

describe("bytesSize (go-units BytesSize)", () => {
  it("divides by 1024 and names binary units", () => {
    expect([0, 1023, 1024, 1536, 2084749, 5 * 1024 ** 3].map((size) => bytesSize(size))).toEqual([
      "0B",
      "1023B",
      "1KiB",
      "1.5KiB",
      "1.988MiB",
      "5GiB",
    ]);
  });
});

// The daemon's own outputs, recorded by the differential suite (test/docker/transcripts): each size
// printed next to the byte count the API reported for it.
interface RecordedDf {
  readonly images: readonly { size: number; sharedSize: number; uniqueSize: number; text: string[] }[];
  readonly containers: readonly { sizeRw: number; text: string }[];
}

function recordedDfObservations(transcript: string): RecordedDf[] {
  const url = new URL(`../../../test/docker/transcripts/${transcript}.docker.json`, import.meta.url);
  const golden = JSON.parse(readFileSync(url, "utf8")) as {
    variants: Record<string, readonly ({ kind: string } & Partial<RecordedDf>)[]>;
  };
  return Object.values(golden.variants)
    .flat()
    .filter((observation) => observation.kind === "df") as RecordedDf[];
}

describe("the precision of each system df -v column, as the recorded daemon printed it", () => {
  const observations = ["system-df-shared-layers", "container-sizes-and-volumes"].flatMap(
    recordedDfObservations,
  );

  it("finds the recordings, with sizes where three and four digits differ", () => {
    const images = observations.flatMap((observation) => observation.images);
    expect(images.length).toBeGreaterThan(0);
    expect(images.some((image) => listingSize(image.size) !== humanSize(image.size))).toBe(true);
  });

  it("SIZE with listingSize, SHARED SIZE and UNIQUE SIZE with humanSize, containers with listingSize", () => {
    for (const observation of observations) {
      for (const image of observation.images) {
        expect(image.text).toEqual([
          listingSize(image.size),
          humanSize(image.sharedSize),
          humanSize(image.uniqueSize),
        ]);
      }
      for (const container of observation.containers)
        expect(container.text).toBe(listingSize(container.sizeRw));
    }
  });
});
