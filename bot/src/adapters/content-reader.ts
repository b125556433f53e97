/**
 * Reads and checks the content library in a short-lived child process and prints it as JSON. The
 * parser's peak memory (gray-matter, remark, the checks) is returned to the system when the child
 * exits; the bot's main process only parses the finished library. Run by adapters/discord.ts.
 *   node src/adapters/content-reader.ts <content directory>
 */
import { readContentLibrary } from "@layercake/shared/content/node";
import { formatDiagnostic, hasErrors } from "@layercake/shared/core";

const contentDir = process.argv[2] ?? "";
const { library, diagnostics } = readContentLibrary(contentDir);
if (hasErrors(diagnostics)) {
  process.stderr.write(`content has errors:\n${diagnostics.map(formatDiagnostic).join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify(library));
