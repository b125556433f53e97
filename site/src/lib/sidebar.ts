/**
 * The sidebar: one group per track (tracks.yml order), lessons in their order, then the practice
 * tools. Pure: built from the content library in astro.config.ts.
 */
import type { ContentLibrary } from "@layercake/shared/core";

export interface SidebarLink {
  label: string;
  link: string;
}

export interface SidebarGroup {
  label: string;
  items: SidebarLink[];
}

/** The URL of a lesson page. */
export function lessonPath(lesson: { track: string; id: string }): string {
  return `/${lesson.track}/${lesson.id}/`;
}

/** The URL of a topic's practice page. */
export function practicePath(topic: string): string {
  return `/practice/${topic}/`;
}

export function buildSidebar(library: ContentLibrary): SidebarGroup[] {
  const groups: SidebarGroup[] = library.tracks
    .map((track) => ({
      label: track.title,
      items: library.lessons
        .filter((lesson) => lesson.track === track.id)
        .map((lesson) => ({ label: lesson.title, link: lessonPath(lesson) })),
    }))
    .filter((group) => group.items.length > 0);
  groups.push({
    label: "Practise",
    items: [
      { label: "Due for review", link: "/practice/review/" },
      ...library.banks.map((bank) => ({ label: bank.title, link: practicePath(bank.topic) })),
      { label: "Mock interview", link: "/interview/" },
      { label: "Playground", link: "/playground/" },
    ],
  });
  return groups;
}
