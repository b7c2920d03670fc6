/// <reference lib="dom" />
import type { Project } from '../../domain/project.ts';
import { api, projectPath } from './api.ts';
import { boot } from './boot.ts';

export type { Project };

let loaded: Promise<{ project: Project; deadline: string | null }> | null = null;

/** The project and its delivery deadline (loaded once per page). */
export function loadProject(projectId: string): Promise<{ project: Project; deadline: string | null }> {
  loaded ??= api<{ project: Project; deadline: string | null }>('GET', projectPath(projectId));
  return loaded;
}

/** A `{vi, en}` label in the page's language. */
export function label(text: { vi: string; en: string }): string {
  return boot.lang === 'en' ? text.en : text.vi;
}

/** The theme's label, or its id when the project does not know it. */
export function themeLabel(project: Project, themeId: string | null | undefined): string {
  if (!themeId) return '';
  const theme = project.themes.find((item) => item.id === themeId);
  return theme ? label(theme.label) : themeId;
}
