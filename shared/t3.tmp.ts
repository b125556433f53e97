import { readContentLibrary } from "./src/content/node.ts";
import { runLessonScenario } from "./src/scenario/index.ts";
const { library } = readContentLibrary("../content");
const only = process.argv[2];
for (const lesson of library.lessons) { if (only && lesson.id !== only) continue; for (const s of lesson.scenarios) {
  const run = runLessonScenario(s);
  console.log("==", lesson.id, s.name, run.problems);
  for (const st of run.steps) for (const c of st.commands ?? []) { if (c.command.includes("docker build")) { console.log("$ "+c.command+" ["+c.exitCode+"]"); continue; } console.log("$ " + c.command + " [" + c.exitCode + "]\n" + c.output); }
}}
