/**
 * The sidebar: the practice tools first, then one group per track (tracks.yml order) with its
 * lessons in order. Pure: built from the content library in astro.config.ts.
 */
import type { ContentLibrary } from "@layercake/shared/core";

export interface SidebarLink {
  label: string;
  link: string;
}

export interface SidebarGroup {
  label: string;
  collapsed?: boolean;
  items: Array<SidebarLink | SidebarGroup>;
}

/** The URL of a lesson page. */
export function lessonPath(lesson: { track: string; id: string }): string {
  return `/${lesson.track}/${lesson.id}/`;
}

/** The URL of a topic's practice page. */
export function practicePath(topic: string): string {
  return `/practice/${topic}/`;
}

/** The practice tools first (easy to find on a phone too), then the tracks with their lessons. */
export function buildSidebar(library: ContentLibrary): SidebarGroup[] {
  const practise: SidebarGroup = {
    label: "Practise",
    items: [
      { label: "Due for review", link: "/practice/review/" },
      { label: "Mock interview", link: "/interview/" },
      { label: "Playground", link: "/playground/" },
      {
        label: "Questions by topic",
        collapsed: true,
        items: library.banks.map((bank) => ({ label: bank.title, link: practicePath(bank.topic) })),
      },
    ],
  };
  const tracks: SidebarGroup[] = library.tracks
    .map((track) => ({
      label: track.title,
      items: library.lessons
        .filter((lesson) => lesson.track === track.id)
        .map((lesson) => ({ label: lesson.title, link: lessonPath(lesson) })),
    }))
    .filter((group) => group.items.length > 0);
  return [practise, ...tracks];
}
