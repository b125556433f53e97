import type { CommandImplementation } from "../context.ts";
import { parseOptions } from "./support.ts";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const two = (value: number) => String(value).padStart(2, "0");

/** strftime in the C locale and UTC (containers have no TZ unless told). */
export function strftime(format: string, seconds: number): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const hours = date.getUTCHours();
  const minutes = date.getUTCMinutes();
  const secs = date.getUTCSeconds();
  const weekday = date.getUTCDay();
  const dayOfYear = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const directive = (letter: string): string => {
    switch (letter) {
      case "a":
        return (DAYS[weekday] as string).slice(0, 3);
      case "A":
        return DAYS[weekday] as string;
      case "b":
      case "h":
        return (MONTHS[month] as string).slice(0, 3);
      case "B":
        return MONTHS[month] as string;
      case "c":
        return strftime("%a %b %e %H:%M:%S %Y", seconds);
      case "C":
        return two(Math.floor(year / 100));
      case "d":
        return two(day);
      case "D":
        return strftime("%m/%d/%y", seconds);
      case "e":
        return String(day).padStart(2, " ");
      case "F":
        return `${year}-${two(month + 1)}-${two(day)}`;
      case "H":
        return two(hours);
      case "I":
        return two(hour12);
      case "j":
        return String(dayOfYear).padStart(3, "0");
      case "k":
        return String(hours).padStart(2, " ");
      case "l":
        return String(hour12).padStart(2, " ");
      case "m":
        return two(month + 1);
      case "M":
        return two(minutes);
      case "n":
        return "\n";
      case "N":
        return "000000000";
      case "p":
        return hours < 12 ? "AM" : "PM";
      case "P":
        return hours < 12 ? "am" : "pm";
      case "r":
        return strftime("%I:%M:%S %p", seconds);
      case "R":
        return strftime("%H:%M", seconds);
      case "s":
        return String(Math.floor(seconds));
      case "S":
        return two(secs);
      case "t":
        return "\t";
      case "T":
        return strftime("%H:%M:%S", seconds);
      case "u":
        return String(weekday === 0 ? 7 : weekday);
      case "w":
        return String(weekday);
      case "x":
        return strftime("%m/%d/%y", seconds);
      case "X":
        return strftime("%H:%M:%S", seconds);
      case "y":
        return two(year % 100);
      case "Y":
        return String(year);
      case "z":
        return "+0000";
      case "Z":
        return "UTC";
      case "%":
        return "%";
      default:
        return `%${letter}`;
    }
  };
  return format.replace(/%([a-zA-Z%])/g, (_match, letter: string) => directive(letter));
}

/** Parses `-d` as busybox does: @seconds, `YYYY-MM-DD[ HH:MM[:SS]]`, `HH:MM[:SS]` today. */
function parseDate(text: string, now: number): number | undefined {
  const at = /^@(-?\d+)$/.exec(text);
  if (at) return Number(at[1]);
  const full = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (full) {
    const [, y, mo, d, h = "0", mi = "0", s = "0"] = full;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  }
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (time) {
    const today = new Date(now * 1000);
    return (
      Date.UTC(
        today.getUTCFullYear(),
        today.getUTCMonth(),
        today.getUTCDate(),
        Number(time[1]),
        Number(time[2]),
        Number(time[3] ?? 0),
      ) / 1000
    );
  }
  return undefined;
}

/** date [-u] [-R] [-I[SPEC]] [-d TIME] [-r FILE] [+FORMAT], over the run's simulated clock. */
export const date: CommandImplementation = (argv, io, context) => {
  const args = argv.slice(1).map((arg) => (/^-I/.test(arg) ? `-I${arg.slice(2) || "date"}` : arg));
  const iso = args.find((arg) => arg.startsWith("-I"));
  const { flags, values, operands } = parseOptions(
    "date",
    args.filter((arg) => !arg.startsWith("-I")),
    "uRd:r:D:s:",
  );
  const now = context.now + context.budget.sleptSeconds;
  let seconds = now;
  const spec = values.get("d");
  if (spec !== undefined) {
    const parsed = parseDate(spec, now);
    if (parsed === undefined) {
      io.err(`date: invalid date '${spec}'\n`);
      return 1;
    }
    seconds = parsed;
  }
  const reference = values.get("r");
  if (reference !== undefined) {
    const stat = context.fs.stat(reference.startsWith("/") ? reference : `${context.cwd}/${reference}`);
    if (!stat.ok) {
      io.err(`date: can't stat '${reference}': No such file or directory\n`);
      return 1;
    }
    seconds = stat.value.mtime;
  }
  const format = operands.find((operand) => operand.startsWith("+"));
  let text: string;
  if (format !== undefined) text = strftime(format.slice(1), seconds);
  else if (flags.has("R")) text = strftime("%a, %d %b %Y %H:%M:%S %z", seconds);
  else if (iso !== undefined) {
    const precision = iso.slice(2);
    text =
      precision === "date"
        ? strftime("%Y-%m-%d", seconds)
        : precision === "hours"
          ? strftime("%Y-%m-%dT%H+00:00", seconds)
          : precision === "minutes"
            ? strftime("%Y-%m-%dT%H:%M+00:00", seconds)
            : strftime("%Y-%m-%dT%H:%M:%S+00:00", seconds);
  } else text = strftime("%a %b %e %H:%M:%S %Z %Y", seconds);
  io.out(`${text}\n`);
  return 0;
};
