/**
 * The fixed corpus of the shell differential: real RUN lines (the busybox-runnable parts of
 * well-known official images' Dockerfiles and entrypoints, marked where adapted) and interview
 * examples, in corpus-lines.txt. A `#` line names the source of the lines below it; a line that
 * opens a here-document or a quote runs on until it is complete.
 */
import { readFileSync } from "node:fs";
import { parseShell } from "../../src/engine/shell/parse.ts";

export interface CorpusEntry {
  readonly source: string;
  readonly line: string;
}

/** Here-document delimiters a line opens (`<<EOF`, `<<-'EOF'`), in order. */
function heredocDelimiters(line: string): { delimiter: string; strip: boolean }[] {
  return [...line.matchAll(/<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g)].map((match) => ({
    delimiter: match[3] as string,
    strip: match[1] === "-",
  }));
}

export function readCorpus(text: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  let source = "";
  let pending: string[] = [];
  const heredocs: { delimiter: string; strip: boolean }[] = [];
  for (const line of text.split("\n")) {
    if (pending.length === 0 && line.startsWith("# ")) {
      source = line.slice(2);
      continue;
    }
    if (pending.length === 0 && line.trim() === "") continue;
    pending.push(line);
    const heredoc = heredocs[0];
    if (heredoc && (heredoc.strip ? line.replace(/^\t+/, "") : line) === heredoc.delimiter) heredocs.shift();
    else if (pending.length === 1 || !heredoc) heredocs.push(...heredocDelimiters(line));
    if (heredocs.length > 0) continue;
    const script = pending.join("\n");
    const parsed = parseShell(script);
    // An unfinished quote or compound command goes on to the next line.
    if (!parsed.ok && /unterminated|end of file/.test(parsed.message)) continue;
    entries.push({ source, line: script });
    pending = [];
  }
  if (pending.length > 0) entries.push({ source, line: pending.join("\n") });
  return entries;
}

export const CORPUS: readonly CorpusEntry[] = readCorpus(
  readFileSync(new URL("./corpus-lines.txt", import.meta.url), "utf8"),
);
