/// <reference lib="dom" />
import { boot, t } from './boot.ts';

/** The session as GET /api/session returns it (shared/web/API.md). */
export interface Session {
  role: 'admin' | 'editor' | 'contributor' | 'reviewer' | 'broadcaster';
  projectId: string | null;
  stage: string | null;
  label: string;
  inviteId: string | null;
  csrfToken: string;
  expiresAt: string;
}

/** An error of the API: its stable code and both messages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageVi: string;
  readonly body: unknown;
  constructor({ status, code, message, messageVi, body }: { status: number; code: string; message: string; messageVi: string; body: unknown }) {
    super(message);
    this.status = status;
    this.code = code;
    this.messageVi = messageVi;
    this.body = body;
  }
}

let session: Session | null = null;

/** The session, once loaded by `loadSession`. */
export function currentSession(): Session | null {
  return session;
}

/** Loads the session; null when nobody is signed in. */
export async function loadSession(): Promise<Session | null> {
  try {
    const { session: loaded } = await api<{ session: Session }>('GET', '/api/session');
    session = loaded;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) session = null;
    else throw error;
  }
  return session;
}

/**
 * Calls the JSON API: sends the CSRF token on every state-changing request, parses JSON, and
 * turns an error body `{error:{code,message,messageVi}}` into an ApiError.
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session) headers['x-csrf-token'] = session.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', message: t('common.networkError'), messageVi: t('common.networkError'), body: null });
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; messageVi?: string } } | null)?.error;
    throw new ApiError({
      status: response.status,
      code: error?.code ?? `HTTP_${response.status}`,
      message: error?.message ?? `${response.status} ${response.statusText}`,
      messageVi: error?.messageVi ?? error?.message ?? `Lỗi ${response.status}`,
      body: parsed,
    });
  }
  return parsed as T;
}

/** The message of an error in the page's language. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return boot.lang === 'en' ? error.message : error.messageVi;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Both messages of a `{message, messageVi}` record, in the page's language. */
export function localMessage(record: { message: string; messageVi: string }): string {
  return boot.lang === 'en' ? record.message : record.messageVi;
}

/** The project the page works on: the session's, or for an admin `?project=` or the first one. */
export async function resolveProjectId(): Promise<string> {
  if (session?.projectId) return session.projectId;
  const fromQuery = new URLSearchParams(location.search).get('project');
  if (fromQuery) return fromQuery;
  const { projects } = await api<{ projects: { id: string }[] }>('GET', '/api/projects');
  const first = projects[0];
  if (!first) throw new ApiError({ status: 404, code: 'NO_PROJECT', message: 'No project exists yet.', messageVi: 'Chưa có dự án nào.', body: null });
  return first.id;
}

/** `/api/projects/<id>` + rest, with the id URL-encoded. */
export function projectPath(projectId: string, rest = ''): string {
  return `/api/projects/${encodeURIComponent(projectId)}${rest}`;
}
