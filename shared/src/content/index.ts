/**
 * Content loading (pure): text in, typed lessons and questions plus positioned diagnostics out.
 * gray-matter needs Node's Buffer, so this module stays out of browser bundles; the Node adapter
 * that reads the folder is `./node.ts` (`@layercake/shared/content/node`).
 */
export { type ParsedBank, parseBank } from "./bank.ts";
export { type ParsedLesson, parseLesson } from "./lesson.ts";
export { type ContentFile, type LoadedContent, loadContentLibrary } from "./library.ts";
export { listHeadings, parseCodeMeta, parseMarkdown } from "./markdown.ts";
