/**
 * Markdown → HTML for the text the islands render in the browser (prompts, choices, explanations,
 * model answers): marked, with placeholder tags such as `<none>` escaped rather than passed through
 * as markup (see placeholders.ts). marked does no smart punctuation, so `--flags` stay as written.
 */
import { Marked } from "marked";
import { escapePlaceholderTags } from "./placeholders.ts";

const marked = new Marked({
  async: false,
  renderer: {
    html(token) {
      return escapePlaceholderTags(token.text);
    },
  },
});

/** Block Markdown (paragraphs, lists, code) as HTML. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** One line of inline Markdown (a choice, a reason) as HTML. */
export function inlineMarkdownToHtml(markdown: string): string {
  return marked.parseInline(markdown, { async: false });
}
