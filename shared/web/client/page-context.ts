import type { Session } from './api.ts';

/** What every page script receives. */
export interface PageContext {
  root: HTMLElement;
  session: Session;
  projectId: string;
  params: Record<string, string>;
}
