/**
 * Angle-bracket placeholders in the text a learner reads — `<none>`, `<none>:<none>`, `<missing>`,
 * `<image>` — look like HTML tags to Markdown, which passes them to the browser, which drops them.
 * Every tag whose name is not an HTML element is such a placeholder, and is escaped so it shows.
 */

/** HTML element names (WHATWG) and SVG's (the layer diagrams are inline SVG): real markup. */
const HTML_ELEMENT_NAMES: ReadonlySet<string> = new Set(
  (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite " +
    "code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure " +
    "footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link " +
    "main map mark menu meta meter nav noscript object ol optgroup option output p picture pre progress q rp " +
    "rt ruby s samp script search section select slot small source span strong style sub summary sup table " +
    "tbody td template textarea tfoot th thead time title tr track u ul var video wbr math " +
    "svg g defs desc symbol use rect circle ellipse line polyline polygon path text tspan textpath marker " +
    "pattern clippath mask lineargradient radialgradient stop filter foreignobject image"
  ).split(" "),
);

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9_.:-]*)((?:\s[^<>]*)?)>/g;

/** Whether `name` (a tag name as written) is not an HTML element, so the tag is a placeholder. */
export function isPlaceholderName(name: string): boolean {
  return !HTML_ELEMENT_NAMES.has(name.toLowerCase());
}

/** Escapes every placeholder tag in a piece of raw HTML; real elements are left as they are. */
export function escapePlaceholderTags(html: string): string {
  return html.replace(TAG, (tag, _slash: string, name: string) =>
    isPlaceholderName(name) ? tag.replace(/</g, "&lt;").replace(/>/g, "&gt;") : tag,
  );
}

/** The placeholders and `--flags` written in a piece of source text (outside of nothing: all of it). */
export function findFaithfulTokens(text: string): string[] {
  const placeholders = [...text.matchAll(TAG)]
    .filter((match) => isPlaceholderName(match[2] as string))
    .map((match) => match[0]);
  const flags = [...text.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((match) => match[0]);
  return [...new Set([...placeholders, ...flags])];
}
