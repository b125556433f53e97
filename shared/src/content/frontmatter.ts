/**
 * Splits a content file into frontmatter and Markdown body with gray-matter, keeping the line
 * numbers that diagnostics need: the frontmatter's YAML starts on line 2, the body on `bodyLine`.
 */
import matter from "gray-matter";
import type { Diagnostic } from "../core/diagnostics.ts";
import { type PositionedYaml, parsePositionedYaml } from "./yaml-data.ts";

export interface SplitFile {
  frontmatter: PositionedYaml;
  body: string;
  /** The 1-based line of the file where `body` starts. */
  bodyLine: number;
  diagnostics: Diagnostic[];
}

/** Splits `text` (the whole file) into positioned frontmatter and body. */
export function splitFrontmatter(text: string, file: string): SplitFile {
  // gray-matter only finds the fences; the YAML itself is parsed by `yaml`, which keeps positions.
  const parsed = matter(text, { engines: { yaml: () => ({}) } });
  const hasFrontmatter = parsed.matter !== undefined && text.startsWith("---");
  const yamlText = hasFrontmatter ? parsed.matter : "";
  // gray-matter keeps the newline after the opening fence, so the YAML text starts on line 1.
  const frontmatter = parsePositionedYaml(yamlText, file, yamlText.startsWith("\n") ? 1 : 2);
  const bodyOffset = text.length - parsed.content.length;
  const bodyLine = text.slice(0, bodyOffset).split("\n").length;
  return { frontmatter, body: parsed.content, bodyLine, diagnostics: frontmatter.diagnostics };
}
