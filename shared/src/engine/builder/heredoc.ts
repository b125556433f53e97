/**
 * Dockerfile here-documents under BuildKit (Dockerfile 1.4+, accepted without a syntax line by
 * Docker 26.1's BuildKit v0.13), as `dockerfile2llb`'s dispatchRun and dispatchCopy use them:
 * - `RUN <<EOT` alone: the document *is* the script (`/bin/sh -c <document>`); one starting with
 *   `#!` is mounted as a file under /dev/pipes/ and run by its path instead. The vertex name adds
 *   the document's first line (`RUN <<EOT (echo hi...)`).
 * - `RUN <<EOT sh`, `RUN cat <<A <<B …`: the line and its documents go to the shell as one script
 *   (`<line>\n<document><delimiter>` for each), which reads them as its own here-documents.
 * - `COPY <<EOT /dest`: each document becomes a file named after its delimiter, expanded with the
 *   stage's variables unless the delimiter was quoted.
 */
import type { CommandLine, HereDocument } from "./instructions.ts";

/** A here-document word (`<<EOT`, `<<-"EOT"`, `3<<EOT`), as BuildKit's parser recognises one. */
const HEREDOC_WORD = /^(\d*)<<(-?)\s*([^<]*)$/;

/** True when a (raw) COPY/ADD source word names a here-document. */
export function isHeredocWord(word: string): boolean {
  return HEREDOC_WORD.test(word);
}

/** What a RUN line with here-documents hands the shell (or runs as a file). */
export interface HeredocScript {
  /** The text after the shell (`/bin/sh -c <text>`). */
  readonly text: string;
  /** A `#!` document: mounted read-only at this path and run by it. */
  readonly pipe?: { readonly path: string; readonly content: string };
  /** For a lone document, its first line (with `...` when it has more) for the vertex name. */
  readonly summary?: string;
}

/**
 * The script BuildKit runs for a shell-form RUN with here-documents, or undefined when the line has
 * none (or is in exec form, where BuildKit refuses them earlier).
 */
export function heredocScript(
  command: CommandLine,
  documents: readonly HereDocument[] | undefined,
): HeredocScript | undefined {
  if (documents === undefined || documents.length === 0 || command.form !== "shell") return undefined;
  const first = documents[0] as HereDocument;
  const match = HEREDOC_WORD.exec(command.text.trim());
  // parser.ParseHeredoc: the whole line must be one heredoc word (`<<EOT sh` is two words).
  const lone = match !== null && (match[1] ?? "") === "" && !/\s/.test((match[3] ?? "").trim());
  if (!lone) {
    let text = command.text;
    for (const document of documents) text += `\n${document.content}${document.name}`;
    return { text };
  }
  const summary = summarizeDocument(first.content);
  if (first.content.startsWith("#!")) {
    const path = `/dev/pipes/${first.name}`;
    return { text: path, pipe: { path, content: first.content }, summary };
  }
  return { text: first.content, summary };
}

/** convert.go `summarizeHeredoc`: the first line of the trimmed document, `...` when there are more. */
function summarizeDocument(content: string): string {
  const lines = content.trim().replaceAll("\r\n", "\n").split("\n");
  return lines.length > 1 ? `${lines[0]}...` : (lines[0] ?? "");
}
