/** localStorage adapter for progress: reads (never losing unreadable data silently) and writes. */
import { emptyProgress, PROGRESS_STORAGE_KEY, type Progress, parseProgress } from "../lib/progress.ts";

export function loadProgress(): Progress {
  const text = localStorage.getItem(PROGRESS_STORAGE_KEY);
  if (text === null) return emptyProgress();
  const parsed = parseProgress(text);
  if ("progress" in parsed) return parsed.progress;
  // Keep the unreadable copy aside rather than overwriting it with an empty record.
  localStorage.setItem(`${PROGRESS_STORAGE_KEY}:unreadable:${Date.now()}`, text);
  return emptyProgress();
}

export function saveProgress(progress: Progress): void {
  localStorage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(progress));
}
