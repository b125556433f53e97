/**
 * APPLETS.md, generated: every simulated applet with the options it simulates (the list the
 * playground and the closing notes quote, from catalog.ts), the letters its option parser accepts
 * (probed by catalog.test.ts from the code), and the shell's builtins. `catalog.test.ts` fails when
 * the file and the code disagree; `npx vitest run -u src/engine/shell/applets/catalog.test.ts`
 * rewrites it.
 */
import type { SimulatedApplet } from "./catalog.ts";

/** Documented option letters of a usage string: `[-abc]`, `-x`, `-A/-B/-C`, `1-9` ranges. */
export function documentedLetters(options: string): string[] {
  const letters = new Set<string>();
  // Only the usage part: a `:` or ` (` starts prose (awk's feature list, test's operators).
  for (const match of options.matchAll(/(?:^|[\s[|/])-([A-Za-z0-9][A-Za-z0-9-]*)/g)) {
    const group = match[1] as string;
    // `-N` and `+N` stand for a number (head -5), not the letter N.
    if (group === "N") continue;
    for (let index = 0; index < group.length; index += 1) {
      const letter = group[index] as string;
      if (group[index + 1] === "-" && group[index + 2] !== undefined) {
        const last = group[index + 2] as string;
        for (let code = letter.charCodeAt(0); code <= last.charCodeAt(0); code += 1)
          letters.add(String.fromCharCode(code));
        index += 2;
      } else if (letter !== "-") letters.add(letter);
    }
  }
  return [...letters].sort();
}

export interface ProbedApplet extends SimulatedApplet {
  /** The option letters the applet's parser accepts, or undefined when it takes any argument. */
  readonly accepted: string | undefined;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The text of APPLETS.md. */
export function renderAppletsMarkdown(applets: readonly ProbedApplet[], builtins: readonly string[]): string {
  const rows = applets.map(
    ({ name, options, accepted }) =>
      `| \`${cell(name)}\` | ${options === "" ? "(no options)" : cell(options)} | ${accepted === undefined ? "not getopt: any (see *simulated*)" : accepted === "" ? "none" : `\`${accepted}\``} |`,
  );
  return [
    "# Simulated busybox applets",
    "",
    "Generated from the code by `src/engine/shell/applets/catalog.test.ts` (which fails when this file,",
    "`catalog.ts` and the applet tables disagree). Rewrite it with",
    "`npx vitest run -u src/engine/shell/applets/catalog.test.ts` from `shared/`.",
    "",
    `${applets.length} applets. An applet not listed answers as busybox does for one it was built without`,
    "(`x: applet not found`, exit 127). *Simulated* is what the applet does as busybox 1.35 does (the",
    "shell differential in `shared/test/shell/` compares it with the real busybox-static). *Accepted* is",
    "every option letter its getopt-style parser takes, probed by running it: busybox takes these",
    "letters too, and a letter outside *Simulated* is accepted without an error and may be ignored.",
    "An applet marked *not getopt* reads its arguments its own way (find's `-name`, dd's `if=`) or,",
    "for the file applets (ls, rm, cp, mv, ln, touch, wc), refuses no letter.",
    "",
    "| applet | simulated | accepted |",
    "|---|---|---|",
    ...rows,
    "",
    "## Shell builtins (ash)",
    "",
    "Special and regular builtins; the shell language itself is in `parse.ts`, `expand*.ts` and",
    "`interpreter.ts`.",
    "",
    builtins.map((name) => `\`${name}\``).join(" "),
    "",
    "## Notes",
    "",
    "- `gzip`, `tar z`: the bytes are busybox's own (gzip 1.2.4's deflate as Debian builds busybox:",
    "  `-1`…`-9` and `-n` accepted and ignored, level 6, no name, mtime 0). See `gzip/deflate.ts`.",
    "- Directory walks (`find`, `du`, `tar c`, `cp -r`, `ls -R`) list each directory sorted by name.",
    "  busybox keeps readdir's order, which on ext4 and overlayfs is a hash order seeded per file",
    "  system, so no machine-independent order exists; see `walk-order.test.ts`. Globbing is sorted,",
    "  as in ash.",
    "",
  ].join("\n");
}
