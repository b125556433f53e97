/**
 * Markdown through remark: the syntax tree of a lesson or bank body, headings with the slugs the
 * site generates for them (github-slugger, as Astro does), and the attributes of fenced code blocks.
 */
import GithubSlugger from "github-slugger";
import type { Code, Heading, Root, RootContent } from "mdast";
import { toString as nodeText } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const parser = unified().use(remarkParse).use(remarkGfm);

/** Parses a Markdown body into an mdast tree (positions relative to the body). */
export function parseMarkdown(body: string): Root {
  return parser.parse(body);
}

export interface HeadingInfo {
  node: Heading;
  text: string;
  slug: string;
}

/** Every heading of the tree in order, with the slug an anchor link to it uses. */
export function listHeadings(tree: Root): HeadingInfo[] {
  const slugger = new GithubSlugger();
  return tree.children
    .filter((node): node is Heading => node.type === "heading")
    .map((node) => {
      const text = nodeText(node);
      // The site renders Markdown with smartypants, which turns -- and --- into dashes before the
      // heading ids are made; slug the same text so that links match the rendered anchors.
      return { node, text, slug: slugger.slug(text.replace(/---/g, "\u2014").replace(/--/g, "\u2013")) };
    });
}

/** `scenario=demo file=app.py builder=classic` → { scenario: "demo", file: "app.py", builder: "classic" }. */
export function parseCodeMeta(meta: string | null | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of (meta ?? "").matchAll(/([\w-]+)=(?:"([^"]*)"|(\S+))/g)) {
    const key = match[1];
    if (key !== undefined) attributes[key] = match[2] ?? match[3] ?? "";
  }
  return attributes;
}

export function isCode(node: RootContent): node is Code {
  return node.type === "code";
}

/** The source text of `body` between two nodes' offsets. */
export function sliceBody(body: string, start: number, end: number): string {
  return body.slice(start, end).trim();
}
