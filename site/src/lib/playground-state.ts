/**
 * What the playground is working on — builder, Dockerfile, context files, container command — and
 * its share-link form (`#s=…`, deflated JSON). Pure and engine-free, so the page script can load it
 * without the engine, which runs in a Web Worker.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";

export interface PlaygroundState {
  builder: "classic" | "buildkit";
  dockerfile: string;
  files: Record<string, string>;
  command: string;
}

export const DEFAULT_STATE: PlaygroundState = {
  builder: "buildkit",
  dockerfile:
    'FROM tiny:1\nWORKDIR /app\nCOPY deps.txt ./\nRUN echo "installing $(cat deps.txt)" > installed\nCOPY app.txt ./\nRUN cat app.txt > built\nCMD ["cat", "/app/built"]\n',
  files: { "deps.txt": "busybox\n", "app.txt": "hello, layers\n" },
  command: "echo changed >> /app/app.txt && rm /app/installed && echo new > /app/new.txt",
};

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The state as a URL hash fragment (`#s=…`), compressed. */
export function encodeState(state: PlaygroundState): string {
  return `s=${toBase64Url(deflateSync(strToU8(JSON.stringify(state))))}`;
}

/** Reads a shared state; a problem when the link is damaged. */
export function decodeState(hash: string): { state: PlaygroundState } | { problem: string } {
  const match = /(?:^#?|&)s=([A-Za-z0-9_-]+)/.exec(hash);
  if (!match) return { problem: "no playground state in this link" };
  try {
    const value = JSON.parse(
      strFromU8(inflateSync(fromBase64Url(match[1] as string))),
    ) as Partial<PlaygroundState>;
    const checked = validState(value);
    return "problem" in checked ? { problem: `the shared link: ${checked.problem}` } : checked;
  } catch {
    return { problem: "this playground link is damaged (it could not be decompressed)" };
  }
}

/** Checks a decoded value has a playground's shape; the state, or a problem naming what is missing. */
function validState(value: Partial<PlaygroundState>): { state: PlaygroundState } | { problem: string } {
  if (
    typeof value.dockerfile !== "string" ||
    typeof value.command !== "string" ||
    typeof value.files !== "object" ||
    value.files === null
  ) {
    return { problem: "the playground is missing its Dockerfile, files or command" };
  }
  const files = Object.fromEntries(
    Object.entries(value.files).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  return {
    state: {
      builder: value.builder === "classic" ? "classic" : "buildkit",
      dockerfile: value.dockerfile,
      files,
      command: value.command,
    },
  };
}

/** The autosaved draft (JSON in localStorage), or undefined when there is none or it is unreadable. */
export function parseSavedState(text: string | null): PlaygroundState | undefined {
  if (text === null) return undefined;
  try {
    const checked = validState(JSON.parse(text) as Partial<PlaygroundState>);
    return "state" in checked ? checked.state : undefined;
  } catch {
    return undefined;
  }
}
