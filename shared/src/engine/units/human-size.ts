/**
 * Sizes as Docker prints them, the one module for it: go-units' `HumanSize`,
 * `HumanSizeWithPrecision` and `BytesSize` (Go's `%.*g` after dividing by 1000 or 1024), and the
 * precision each docker/cli formatter uses. Docker mixes the two precisions in one table: `docker
 * system df -v` prints an image's SIZE with three significant digits (`2.08MB`) and its SHARED SIZE
 * with four (`2.085MB`); the recorded outputs of the differential suite pin both.
 */

const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"] as const;
const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] as const;

/** Go's `%.{precision}g` for a non-negative number (`1e+03` when the exponent reaches the precision). */
function formatGoG(value: number, precision: number): string {
  if (value === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  const rounded = Number(value.toPrecision(precision));
  const roundedExponent = Math.floor(Math.log10(Math.abs(rounded)));
  if (exponent < -4 || roundedExponent >= precision) {
    const [mantissa = "0", power = "0"] = rounded.toExponential(precision - 1).split("e");
    const trimmed = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
    const sign = power.startsWith("-") ? "-" : "+";
    return `${trimmed}e${sign}${power.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  return String(rounded);
}

/** go-units `getSizeAndUnit` + `%.*g%s`: divide by `base` while it fits, then print. */
function customSize(bytes: number, precision: number, base: number, units: readonly string[]): string {
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit += 1;
  }
  return `${formatGoG(value, precision)}${units[unit]}`;
}

/**
 * go-units `HumanSizeWithPrecision`: decimal units (1 kB = 1000 B), `precision` significant digits.
 * @example humanSizeWithPrecision(2084749, 3) // "2.08MB"
 */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  return customSize(bytes, precision, 1000, DECIMAL_UNITS);
}

/**
 * go-units `HumanSize`: decimal units, four significant digits.
 * @example humanSize(2084749) // "2.085MB"
 */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/**
 * go-units `BytesSize`: binary units (1 KiB = 1024 B), four significant digits.
 * @example bytesSize(2084749) // "1.988MiB"
 */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 4, 1024, BINARY_UNITS);
}

/**
 * How docker/cli's formatters print the size of one image, layer, container or build cache record:
 * `docker images` and `history` SIZE, `ps -s` SIZE and virtual size, and in `system df -v` the SIZE
 * of images, containers and cache records (`HumanSizeWithPrecision(size, 3)`). Totals — `system df`
 * rows, `system df -v` SHARED SIZE and UNIQUE SIZE, "Build cache usage", a prune's "Total reclaimed
 * space", "Sending build context" — use `humanSize`.
 * @example listingSize(1982349) // "1.98MB"
 */
export function listingSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 3);
}
