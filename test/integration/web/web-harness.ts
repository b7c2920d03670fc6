import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalBackend } from '../../../shared/adapters/local/index.ts';
import { silentLogger } from '../../../shared/adapters/log/json-logger.ts';
import { createProject, type Project, type Role } from '../../../shared/domain/index.ts';
import type { Clock } from '../../../shared/ports/index.ts';
import type { RenderLauncher } from '../../../shared/render/launch/index.ts';
import { createApp, type AppDeps } from '../../../shared/web/index.ts';
import { createInvite } from '../../../shared/review/create-invite.ts';

export const PROJECT_ID = 'dai-hoi-2026';
export const ORIGIN = 'http://localhost';

/** A clock a test can move. */
export function makeClock(start = new Date('2026-11-01T08:00:00Z')): Clock & { advance(ms: number): void; set(date: Date): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (date) => {
      now = date.getTime();
    },
  };
}

/** A signed-in client: its cookie and CSRF token, and a `request` that sends both. */
export interface Client {
  role: Role | 'none';
  stage: string | null;
  inviteId: string | null;
  cookie: string;
  csrf: string;
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export interface WebHarness {
  dir: string;
  backend: ReturnType<typeof createLocalBackend>;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  project: Project;
  clock: ReturnType<typeof makeClock>;
  /** Signs in with a new invite of this role (admin: a project-less admin invite). */
  signIn(args: { role: Role; stage?: string; label?: string; projectId?: string }): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

/** The app on a real SQLite store and filesystem in a temp folder, with a movable clock. */
export async function makeWebHarness({
  renders: makeRenders,
  signInAttemptsPerMinute = 1000,
  trustProxy = true,
}: {
  /** The render launcher, or a function making it from the harness's backend. */
  renders?: RenderLauncher | ((args: { backend: ReturnType<typeof createLocalBackend>; clock: Clock; dir: string }) => RenderLauncher);
  signInAttemptsPerMinute?: number;
  /** `app.request` has no socket: the tests play the proxy and say who the client is in `X-Forwarded-*`. */
  trustProxy?: boolean;
} = {}): Promise<WebHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reportage-web-'));
  const clock = makeClock();
  const backend = createLocalBackend({ dataDir: dir, maxAttempts: 3, clock });
  const renders = typeof makeRenders === 'function' ? makeRenders({ backend, clock, dir }) : makeRenders;
  const project = await backend.store.projects.create({ project: createProject({ id: PROJECT_ID, congressDate: '2026-12-20', now: clock.now() }) });
  const deps: AppDeps = {
    store: backend.store,
    blobs: backend.blobs,
    log: silentLogger,
    backend: 'local',
    workflow: backend.workflow,
    queue: backend.queue,
    clock,
    uploads: backend.uploads,
    partReceiver: backend.uploads,
    signingKey: backend.signingKey,
    signInAttemptsPerMinute,
    trustProxy,
    ...(renders ? { renders } : {}),
  };
  const app = createApp({ deps });

  const clientFor = ({ role, stage, inviteId, cookie, csrf }: Omit<Client, 'request'>): Client => ({
    role,
    stage,
    inviteId,
    cookie,
    csrf,
    request: (p, init = {}) => {
      const { json, headers, ...rest } = init;
      const h = new Headers(headers);
      if (cookie) h.set('cookie', cookie);
      if (csrf) h.set('x-csrf-token', csrf);
      if (json !== undefined) h.set('content-type', 'application/json');
      return Promise.resolve(app.request(p, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) }));
    },
  });

  return {
    dir,
    backend,
    deps,
    app,
    project,
    clock,
    anonymous: clientFor({ role: 'none', stage: null, inviteId: null, cookie: '', csrf: '' }),
    async signIn({ role, stage, label, projectId = PROJECT_ID }) {
      const target = role === 'admin' ? null : ((await backend.store.projects.get({ id: projectId })) ?? project);
      const { invite, token } = await createInvite({
        deps: { workflow: backend.workflow, clock },
        project: target,
        input: { role, ...(stage ? { stage } : {}), label: label ?? `${role} ${stage ?? ''}`.trim() },
        actor: { role: 'admin', label: 'test', inviteId: null },
      });
      const response = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${Math.floor(Math.random() * 250)}` },
        body: JSON.stringify({ token }),
      });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      const { session } = (await response.json()) as { session: { csrfToken: string } };
      return clientFor({ role, stage: stage ?? null, inviteId: invite.id, cookie, csrf: session.csrfToken });
    },
    async close() {
      await renders?.idle();
      await backend.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
