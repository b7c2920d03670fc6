import { ProjectSchema, ProjectError, deliveryDeadline, nfc } from '../../domain/index.ts';
import { EXIT } from '../exit-codes.ts';
import { ensureProject } from '../open-runtime.ts';
import { withRuntime } from '../with-runtime.ts';

/** `reportage project`: shows the project and, with options, changes its title or congress date. */
export async function runProjectCommand({
  options,
}: {
  options: { project?: string; title?: string; congressDate?: string; json?: boolean };
}): Promise<number> {
  return withRuntime({}, async ({ config, deps }) => {
    let project = await ensureProject({ deps, projectId: options.project ?? config.projectId });
    if (options.title !== undefined || options.congressDate !== undefined) {
      const next = { ...project, updatedAt: deps.clock.now().toISOString() };
      if (options.title !== undefined) next.title = nfc(options.title);
      if (options.congressDate !== undefined) next.congressDate = options.congressDate;
      const parsed = ProjectSchema.safeParse(next);
      if (!parsed.success || (next.congressDate !== null && Number.isNaN(Date.parse(`${next.congressDate}T00:00:00Z`)))) {
        throw new ProjectError({
          code: 'INVALID_PROJECT',
          message: 'The title must be 1–300 characters and the congress date a calendar date YYYY-MM-DD.',
          messageVi: 'Tiêu đề dài 1–300 ký tự, ngày đại hội theo định dạng NNNN-TT-NN.',
        });
      }
      project = await deps.store.projects.update({ project: parsed.data, expectedRevision: project.revision });
    }
    const deadline = deliveryDeadline(project);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...project, deadline })}\n`);
      return EXIT.ok;
    }
    const minutes = (frames: number) => `${Math.floor(frames / 25 / 60)}:${String((frames / 25) % 60).padStart(2, '0')}`;
    process.stdout.write(
      [
        project.title,
        `id: ${project.id}`,
        `định dạng: ${project.format.width}×${project.format.height} ${project.format.fps} fps, ${project.format.sampleRate / 1000} kHz`,
        `thời lượng: ${minutes(project.targetLength.minFrames)}–${minutes(project.targetLength.maxFrames)}`,
        `ngày đại hội: ${project.congressDate ?? 'chưa đặt'} · hạn giao: ${deadline ?? 'chưa đặt'}`,
        'chủ đề:',
        ...project.themes.map((t) => `  ${t.id.padEnd(24)} ${t.label.vi}`),
        'chuỗi duyệt:',
        ...project.approvalChain.map((s, i) => `  ${i + 1}. ${s.label.vi}`),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  });
}
