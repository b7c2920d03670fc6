import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import { createProject, type AuditEntry, type Render, type Version } from '../../../shared/domain/index.ts';
import type { RenderLauncher } from '../../../shared/render/launch/index.ts';
import { startRender, type StartRenderDeps } from '../../../shared/review/start-render.ts';

const project = createProject({ id: 'dai-hoi-2026', now: new Date('2026-11-01T08:00:00Z') });
const version = { id: 'v-1', projectId: project.id, number: 1, cutId: 'phong-su', cut: { kind: 'reportage' } } as Version;
const admin = { role: 'admin' as const, label: 'reportage CLI', inviteId: null };
const editor = { role: 'editor' as const, label: 'Ban Thông tin', inviteId: 'inv-1' };

/** A version nobody approved yet, and a launcher that keeps what it was handed. */
const arrange = ({ profileOf }: Pick<RenderLauncher, 'profileOf'> = {}) => {
  const recorded: { render: Render; audit?: AuditEntry | undefined }[] = [];
  const launched: Render[] = [];
  const renders: RenderLauncher = {
    recordsAs: 'queued',
    stands: () => false,
    launch: async ({ render }) => {
      launched.push(render);
      return render;
    },
    progress: () => null,
    idle: async () => undefined,
    ...(profileOf ? { profileOf } : {}),
  };
  const deps = {
    store: {
      renders: {
        list: async () => [],
        create: async (args: { render: Render; audit?: AuditEntry }) => {
          recorded.push(args);
          return args.render;
        },
      },
    },
    workflow: { reviews: { get: async () => null }, decisions: { list: async () => [] } },
    clock: { now: () => new Date('2026-11-02T09:00:00Z') },
    renders,
  } as unknown as StartRenderDeps;
  return { deps, recorded, launched };
};

describe('startRender: the approval gate of delivery profiles', () => {
  it('refuses a delivery profile of a version not every stage approved (NOT_APPROVED), recording and launching nothing', async () => {
    const { deps, recorded, launched } = arrange();
    await expect(startRender({ deps, project, version, profile: 'broadcast', actor: editor })).rejects.toMatchObject({
      code: 'NOT_APPROVED',
      kind: 'conflict',
    });
    expect(recorded).toEqual([]);
    expect(launched).toEqual([]);
  });

  it("renders it on the admin's skipApproval, the audit entry written with the record saying so", async () => {
    const { deps, recorded, launched } = arrange();
    const render = await startRender({ deps, project, version, profile: 'broadcast', actor: admin, skipApproval: true });
    expect(render).toMatchObject({ status: 'queued', profile: 'broadcast', versionId: 'v-1' });
    expect(launched.map((r) => r.id)).toEqual([render.id]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.audit).toMatchObject({
      action: 'version.render',
      actor: admin,
      subject: 'v-1',
      details: { profile: 'broadcast', renderId: render.id, approvalSkipped: true },
    });
  });

  it('lets nobody but an admin skip the approvals (APPROVAL_SKIP_FORBIDDEN)', async () => {
    const { deps, recorded } = arrange();
    await expect(startRender({ deps, project, version, profile: 'web', actor: editor, skipApproval: true })).rejects.toMatchObject({
      code: 'APPROVAL_SKIP_FORBIDDEN',
      kind: 'forbidden',
    });
    expect(recorded).toEqual([]);
  });
});

describe('startRender: the platform’s length limit of the social profiles', () => {
  const long = { ...version, number: 3, durationFrames: (12 * 60 + 41) * 25 } as Version;

  it('refuses a vertical version longer than Reels take (TOO_LONG_FOR_PLATFORM), naming both lengths, recording nothing', async () => {
    const { deps, recorded, launched } = arrange();
    const attempt = startRender({ deps, project, version: long, profile: 'vertical', actor: admin, skipApproval: true });
    await expect(attempt).rejects.toMatchObject({ code: 'TOO_LONG_FOR_PLATFORM', kind: 'conflict' });
    await expect(attempt).rejects.toMatchObject({
      messageVi:
        'Bản dọc 9:16 (Facebook Reels) dài tối đa 3:00; phiên bản v3 dài 12:41. Hãy làm một bản dựng ngắn hơn (giới thiệu, điểm tin) cho Facebook Reels: hệ thống không tự cắt bớt.',
    });
    expect(recorded).toEqual([]);
    expect(launched).toEqual([]);
  });

  it('checks the limit the launcher renders with, and lets a version within it through', async () => {
    const { deps, recorded } = arrange({
      profileOf: ({ id }) => ({ ...DEFAULT_PROFILES[id], platform: { ...DEFAULT_PROFILES.vertical.platform!, maxSeconds: 20 * 60 } }),
    });
    await startRender({ deps, project, version: long, profile: 'vertical', actor: admin, skipApproval: true });
    expect(recorded).toHaveLength(1);
    // The square profile (the feed takes four hours) and the 16:9 ones have no such limit here.
    const { deps: plain } = arrange();
    await expect(startRender({ deps: plain, project, version: long, profile: 'square', actor: admin, skipApproval: true })).resolves.toMatchObject({
      profile: 'square',
    });
    await expect(startRender({ deps: plain, project, version: long, profile: 'web', actor: admin, skipApproval: true })).resolves.toMatchObject({
      profile: 'web',
    });
  });
});
