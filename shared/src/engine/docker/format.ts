/**
 * Docker CLI text formats: go-units durations (sizes: units/human-size.ts), the tabwriter tables of `docker images`,
 * `ps`, `history` and `system df`, and the ellipsis used when columns are truncated.
 */

/**
 * go-units `HumanDuration`: `Less than a second`, `3 seconds`, `About a minute`, `5 minutes` …
 * @example humanDuration(90_000) // "About a minute"
 */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(milliseconds / 3_600_000);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** `units.HumanDuration(now - created) + " ago"`. */
export function ago(createdMs: number, nowMs: number): string {
  return `${humanDuration(Math.max(0, nowMs - createdMs))} ago`;
}

/**
 * `stringutils.Ellipsis`: cuts a string to `max` characters, the last being `…`.
 * @example ellipsis("abcdef", 4) // "abc…"
 */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Go's `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` as the docker CLI formatter uses it: every
 * column but the last is padded to its widest cell plus three spaces, and at least ten wide.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(10, ...all.map((row) => [...(row[column] ?? "")].length + 3)),
  );
  const lines = all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 10)))
      .join(""),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * The same tabwriter over text whose cells end in tabs (what a `table` template prints): a cell
 * followed by a tab is padded to its column's widest such cell plus three, at least ten; the last
 * cell of a line is written as is.
 */
export function renderTabwriter(text: string): string {
  const lines = text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.split("\t"));
  const widths: number[] = [];
  for (const cells of lines) {
    cells.slice(0, -1).forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 10, [...cell].length + 3);
    });
  }
  const rendered = lines.map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 10)))
      .join(""),
  );
  return `${rendered.join("\n")}\n`;
}
