/**
 * Escapes placeholder tags (`<none>`, `<missing>`, …) in Markdown source before Astro renders it,
 * leaving code spans, code blocks and real HTML elements untouched. Node-only (shared/content's
 * parser); the browser's marked has its own hook in markdown-html.ts.
 */
import { parseMarkdown } from "@layercake/shared/content";
import { visit } from "unist-util-visit";
import { escapePlaceholderTags } from "./placeholders.ts";

/** `markdown` with every placeholder tag outside code written as `&lt;name&gt;`. */
export function escapeMarkdownPlaceholders(markdown: string): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  visit(parseMarkdown(markdown), "html", (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const escaped = escapePlaceholderTags(node.value);
    if (escaped !== node.value) edits.push({ start, end, text: escaped });
  });
  let result = markdown;
  for (const edit of edits.sort((left, right) => right.start - left.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}
