/**
 * Progress everywhere: the sidebar's line (lessons read, reviews due) and ✓ on lessons read; on a
 * lesson, whether it was read and its topic's mastery (the lesson counts as read once its end is
 * on screen); on the home page, lessons read and every topic's mastery, roadmap-style.
 */
import type { ProgressMap } from "../lib/progress-map.ts";
import {
  PROGRESS_STORAGE_KEY,
  readProgressForDisplay,
  summarizeProgress,
  topicMastery,
} from "../lib/progress-view.ts";
import { element } from "./dom.ts";

const map = JSON.parse(document.getElementById("lc-progress-map")?.textContent ?? "{}") as ProgressMap;

function render(): void {
  const progress = readProgressForDisplay(localStorage.getItem(PROGRESS_STORAGE_KEY));
  if (!progress) return;
  const now = new Date();
  const counts = summarizeProgress(progress, now);
  const lessons = map.lessons ?? [];
  const read = lessons.filter((lesson) => progress.lessonsRead[lesson.id] !== undefined).length;

  const sidebar = document.getElementById("lc-sidebar-progress");
  if (sidebar) {
    const link = element("a", { href: "/practice/review/" }, `${counts.due} due for review`);
    sidebar.replaceChildren(`${read} of ${lessons.length} lessons read · `, link);
  }
  for (const lesson of lessons) {
    if (progress.lessonsRead[lesson.id] === undefined) continue;
    for (const anchor of document.querySelectorAll<HTMLAnchorElement>(
      `#starlight__sidebar a[href="${lesson.path}"]`,
    )) {
      if (anchor.querySelector(".lc-read")) continue;
      anchor.append(element("span", { class: "lc-read", title: "Read" }, " ✓"));
      anchor.append(element("span", { class: "sr-only" }, " (read)"));
    }
  }

  const text = document.getElementById("lc-page-progress-text");
  if (!text) return;
  const topics = topicMastery(progress, map.topics ?? [], now);
  if (map.lessonId !== undefined) {
    const wasRead = progress.lessonsRead[map.lessonId] !== undefined;
    const topic = topics[0];
    const topicLink = map.topics?.[0]?.path;
    text.replaceChildren(
      wasRead ? "✓ You have read this lesson." : "Not read yet: it counts once you reach the end.",
    );
    if (topic && topicLink) {
      text.append(
        ` Its questions: ${topic.mastered} of ${topic.total} mastered, ${topic.due} due. `,
        element("a", { href: topicLink }, "Practise them"),
      );
    }
    return;
  }
  const mastered = topics.filter((topic) => topic.total > 0 && topic.mastered === topic.total).length;
  text.replaceChildren(
    `${read} of ${lessons.length} lessons read, ${mastered} of ${topics.length} topics mastered, `,
    element("a", { href: "/practice/review/" }, `${counts.due} questions due for review`),
    ".",
  );
  // The rows are in the page already (no layout shift): only their numbers and marks change.
  topics.forEach((topic) => {
    const row = document.querySelector<HTMLLIElement>(`#lc-home-topics li[data-topic="${topic.topic}"]`);
    if (!row) return;
    row.classList.toggle("lc-topic-done", topic.total > 0 && topic.mastered === topic.total);
    row.classList.toggle("lc-topic-started", topic.seen > 0);
    row.querySelector("progress")?.setAttribute("value", String(topic.mastered));
    const count = row.querySelector(".lc-topic-count");
    if (count) count.textContent = `${topic.mastered}/${topic.total}`;
  });
}

/** A lesson counts as read once its end (the Sources section) has been on screen. */
function watchLessonEnd(lessonId: string): void {
  const end = document.getElementById("sources") ?? document.querySelector(".pagination-links");
  if (!end || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    // Only lessonsRead changes; the rest of the stored JSON is written back exactly as it was.
    const text = localStorage.getItem(PROGRESS_STORAGE_KEY);
    const progress = readProgressForDisplay(text);
    if (!progress || progress.lessonsRead[lessonId] !== undefined) return;
    const stored = text === null ? progress : (JSON.parse(text) as Record<string, unknown>);
    const lessonsRead = { ...progress.lessonsRead, [lessonId]: new Date().toISOString() };
    localStorage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify({ ...stored, lessonsRead }));
    render();
  });
  observer.observe(end);
}

render();
if (map.lessonId !== undefined) watchLessonEnd(map.lessonId);
