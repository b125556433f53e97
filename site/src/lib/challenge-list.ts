/** The playground's challenges as data (the page loads this; the engine checks in playground-challenges.ts). */
import type { PlaygroundState } from "./playground-state.ts";

export interface Challenge {
  id: string;
  title: string;
  goal: string;
  start: PlaygroundState;
}

export const CHALLENGES: readonly Challenge[] = [
  {
    id: "reuse-after-edit",
    title: "Keep the install cached",
    goal: "Edit app.txt and rebuild: at least 3 steps must come from the cache. Reorder the Dockerfile, not the files.",
    start: {
      builder: "buildkit",
      dockerfile:
        'FROM tiny:1\nWORKDIR /app\nCOPY . ./\nRUN echo "installing $(cat deps.txt)" > installed\nRUN cat app.txt > built\n',
      files: { "deps.txt": "busybox\n", "app.txt": "hello, layers\n" },
      command: "ls /app",
    },
  },
  {
    id: "small-image",
    title: "Leave no big file behind",
    goal: "The build needs a 1 MB scratch file; the final image must not grow by more than 100 kB over busybox:1.37.",
    start: {
      builder: "buildkit",
      dockerfile:
        "FROM busybox:1.37\nRUN head -c 1000000 /dev/zero > /scratch.bin\nRUN wc -c /scratch.bin > /size.txt\nRUN rm /scratch.bin\n",
      files: {},
      command: "cat /size.txt",
    },
  },
];
