/**
 * An Expressive Code plugin: every code block's `<pre>` gets `tabindex="0"`. Blocks scroll sideways
 * instead of wrapping, and a scrollable region must be reachable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable).
 */
import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";

export function focusableCodeBlocks() {
  return {
    name: "layercake-focusable-code-blocks",
    hooks: {
      postprocessRenderedBlock({ renderData }: { renderData: { blockAst: Element } }) {
        visit(renderData.blockAst as unknown as Root, "element", (node: Element) => {
          if (node.tagName === "pre") node.properties = { ...node.properties, tabIndex: 0 };
        });
      },
    },
  };
}
