import { z } from 'zod';
import { AssetKindSchema } from './asset.ts';
import { CutKindOverridesSchema, DEFAULT_CUT_KIND_RULES, type CutKind, type CutKindRules } from './cut-kinds.ts';
import { ProjectError } from './errors.ts';
import { nfc } from './text.ts';

export { FPS, SAMPLE_RATE, SAMPLES_PER_FRAME } from './frame-rate.ts';
import { FPS, SAMPLE_RATE } from './frame-rate.ts';

export const ProgrammeFormatSchema = z.object({
  width: z.literal(1920),
  height: z.literal(1080),
  fps: z.literal(FPS),
  sampleRate: z.literal(SAMPLE_RATE),
});
export type ProgrammeFormat = z.infer<typeof ProgrammeFormatSchema>;

export const LabelSchema = z.object({ vi: z.string().min(1), en: z.string().min(1) });

export const ThemeSchema = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), label: LabelSchema });
export type Theme = z.infer<typeof ThemeSchema>;

export const ApprovalStageSchema = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), label: LabelSchema });
export type ApprovalStage = z.infer<typeof ApprovalStageSchema>;

/** Target length of the programme, in frames at 25 fps. */
export const TargetLengthSchema = z
  .object({ minFrames: z.number().int().positive(), maxFrames: z.number().int().positive() })
  .refine((t) => t.minFrames <= t.maxFrames, { message: 'minFrames must not exceed maxFrames' });

export const UploadLimitsSchema = z.object({
  maxBytes: z.number().int().positive(),
  minDurationSeconds: z.number().nonnegative(),
  /** The kinds contributors may upload (all when absent). */
  allowedKinds: z.array(AssetKindSchema).min(1).optional(),
});
export type UploadLimits = z.infer<typeof UploadLimitsSchema>;

export const ProjectSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string().min(1).max(300),
  format: ProgrammeFormatSchema,
  targetLength: TargetLengthSchema,
  /** The congress date, YYYY-MM-DD; the delivery deadline is two days before it. */
  congressDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  themes: z.array(ThemeSchema).min(1),
  approvalChain: z.array(ApprovalStageSchema).min(1),
  /** Per cut kind, what differs from the defaults (shared/domain/cut-kinds.ts); projects made before kinds had rules have none. */
  cutKinds: CutKindOverridesSchema.default({}),
  uploadLimits: UploadLimitsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int().nonnegative(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** Themes of the congress propaganda plan (Kế hoạch tuyên truyền Đại hội). */
export const CONGRESS_THEMES: Theme[] = [
  {
    id: 'lich-su-hop-nhat',
    label: {
      vi: 'Chặng đường gần 40 năm phát triển và hợp nhất Liên hiệp hội Hải Phòng – Hải Dương',
      en: "The Union's nearly 40 years and the merger of the Hai Phong and Hai Duong unions",
    },
  },
  { id: 'y-nghia-dai-hoi', label: { vi: 'Ý nghĩa Đại hội và dự thảo văn kiện', en: "The congress's meaning and draft documents" } },
  { id: 'xay-dung-to-chuc', label: { vi: 'Xây dựng tổ chức', en: 'Organisation building' } },
  { id: 'tu-van-phan-bien', label: { vi: 'Tư vấn, phản biện và giám định xã hội', en: 'Consulting, critique and social assessment' } },
  { id: 'pho-bien-kien-thuc', label: { vi: 'Phổ biến kiến thức', en: 'Knowledge dissemination' } },
  { id: 'nghien-cuu-khoa-hoc', label: { vi: 'Nghiên cứu khoa học', en: 'Scientific research' } },
  { id: 'hop-tac-quoc-te', label: { vi: 'Hợp tác quốc tế', en: 'International cooperation' } },
  { id: 'giai-thuong-hoi-thi', label: { vi: 'Giải thưởng, hội thi khoa học và công nghệ', en: 'Science and technology awards and contests' } },
  { id: 'ton-vinh-tri-thuc', label: { vi: 'Tôn vinh trí thức', en: 'Honouring intellectuals' } },
  { id: 'hoat-dong-xa-hoi', label: { vi: 'Hoạt động xã hội', en: 'Social activities' } },
  { id: 'dong-gop-hoi-thanh-vien', label: { vi: 'Đóng góp của các hội thành viên', en: "Member associations' contributions" } },
  { id: 'san-pham-tieu-bieu', label: { vi: 'Sản phẩm, giải pháp tiêu biểu', en: 'Showcase products and solutions' } },
];

/** The default approval chain, in order. */
export const DEFAULT_APPROVAL_CHAIN: ApprovalStage[] = [
  { id: 'tong-bien-tap', label: { vi: 'Tổng biên tập – Ban Thông tin', en: "Information Board's editor-in-chief" } },
  { id: 'tieu-ban-tuyen-truyen', label: { vi: 'Tiểu ban Nội dung – Tuyên truyền', en: 'Programme–Propaganda subcommittee' } },
  { id: 'ban-thuong-vu', label: { vi: 'Ban Thường vụ', en: 'Standing Committee' } },
];

export const DEFAULT_PROJECT_ID = 'dai-hoi-2026';
export const DEFAULT_PROJECT_TITLE = 'Phóng sự Đại hội đại biểu Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hải Phòng lần thứ I, nhiệm kỳ 2026–2031';

/** 12:00–15:00 at 25 fps. */
export const REPORTAGE_TARGET_LENGTH = { minFrames: 12 * 60 * FPS, maxFrames: 15 * 60 * FPS };

/** Uploads up to 64 GiB (camera cards), usable clips from one second. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 64 * 1024 ** 3, minDurationSeconds: 1 };

export interface NewProjectInput {
  id?: string;
  title?: string;
  congressDate?: string | null;
  now: Date;
}

/**
 * A new project, seeded with the congress plan's themes and the default approval chain.
 *
 * @example createProject({ now: new Date(), congressDate: '2026-12-18' })
 */
export function createProject({ id = DEFAULT_PROJECT_ID, title = DEFAULT_PROJECT_TITLE, congressDate = null, now }: NewProjectInput): Project {
  const stamp = now.toISOString();
  const parsed = ProjectSchema.safeParse({
    id,
    title: nfc(title),
    format: { width: 1920, height: 1080, fps: FPS, sampleRate: SAMPLE_RATE },
    targetLength: REPORTAGE_TARGET_LENGTH,
    congressDate,
    themes: CONGRESS_THEMES,
    approvalChain: DEFAULT_APPROVAL_CHAIN,
    cutKinds: {},
    uploadLimits: DEFAULT_UPLOAD_LIMITS,
    createdAt: stamp,
    updatedAt: stamp,
    revision: 0,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'project';
    throw new ProjectError({
      code: 'INVALID_PROJECT',
      message: `Invalid project field "${field}": ${issue?.message ?? 'invalid'}.`,
      messageVi: `Trường "${field}" của dự án không hợp lệ.`,
      details: { field },
    });
  }
  if (congressDate !== null && Number.isNaN(Date.parse(`${congressDate}T00:00:00Z`))) {
    throw new ProjectError({
      code: 'INVALID_CONGRESS_DATE',
      message: `The congress date "${congressDate}" is not a calendar date (expected YYYY-MM-DD).`,
      messageVi: `Ngày đại hội "${congressDate}" không hợp lệ (định dạng NNNN-TT-NN).`,
    });
  }
  return parsed.data;
}

/** The delivery deadline: the congress date minus two days, or null when no date is set. */
export function deliveryDeadline(project: Pick<Project, 'congressDate'>): string | null {
  if (project.congressDate === null) return null;
  const date = new Date(`${project.congressDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 2);
  return date.toISOString().slice(0, 10);
}

/** The rules a cut of this kind follows in this project, with the stages that sign it. */
export interface KindRules {
  kind: CutKind;
  label: { vi: string; en: string };
  minFrames: number;
  maxFrames: number;
  /** The stages that sign it, in chain order: never empty. */
  chain: ApprovalStage[];
  /** Days after the cut was started that it is due; null: the project's delivery deadline. */
  dueDays: number | null;
}

/**
 * The rules of a cut kind in a project: the kind's defaults, a reportage's length from the
 * project's `targetLength`, then the project's overrides. The chain is the project's stages the
 * kind names, in the project's order; when the project has none of them, its first stage signs.
 *
 * @example kindRules({ project, kind: 'news' }).chain.map((s) => s.id) // ['tong-bien-tap']
 */
export function kindRules({ project, kind }: { project: Pick<Project, 'targetLength' | 'approvalChain' | 'cutKinds'>; kind: CutKind }): KindRules {
  const rules = kindRuleValues({ project, kind });
  const named = rules.stages === null ? project.approvalChain : project.approvalChain.filter((stage) => rules.stages?.includes(stage.id));
  const chain = (named.length > 0 ? named : project.approvalChain.slice(0, 1)).map((stage) => ({ id: stage.id, label: { ...stage.label } }));
  return { kind, label: rules.label, minFrames: rules.minFrames, maxFrames: rules.maxFrames, chain, dueDays: rules.dueDays };
}

/** A kind's rules as stated (the defaults, a reportage's `targetLength`, the project's overrides): stage ids, not stages. */
export function kindRuleValues({ project, kind }: { project: Pick<Project, 'targetLength' | 'cutKinds'>; kind: CutKind }): CutKindRules {
  const defaults = { ...DEFAULT_CUT_KIND_RULES[kind], ...(kind === 'reportage' ? project.targetLength : {}) };
  const override = project.cutKinds[kind] ?? {};
  const minFrames = override.minFrames ?? defaults.minFrames;
  return {
    label: override.label ?? defaults.label,
    minFrames,
    maxFrames: Math.max(minFrames, override.maxFrames ?? defaults.maxFrames),
    stages: override.stages === undefined ? defaults.stages : override.stages,
    dueDays: override.dueDays === undefined ? defaults.dueDays : override.dueDays,
  };
}

/** Vietnam's offset from UTC (no daylight saving): a day's work starts and ends in Hai Phong's time. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The day (YYYY-MM-DD) a cut of this kind is due: `dueDays` after the day, in Vietnam, it was
 * started (a news item: the same day), or the project's delivery deadline (null without a congress date).
 *
 * @example cutDueDate({ project, kind: 'news', startedAt: '2026-12-07T20:00:00Z' }) // '2026-12-08' (03:00 in Hai Phong)
 */
export function cutDueDate({
  project,
  kind,
  startedAt,
}: {
  project: Pick<Project, 'targetLength' | 'cutKinds' | 'congressDate'>;
  kind: CutKind;
  startedAt: string;
}): string | null {
  const { dueDays } = kindRuleValues({ project, kind });
  if (dueDays === null) return deliveryDeadline(project);
  const local = new Date(Date.parse(startedAt) + VIETNAM_OFFSET_MS);
  local.setUTCDate(local.getUTCDate() + dueDays);
  return local.toISOString().slice(0, 10);
}

export function findTheme(project: Pick<Project, 'themes'>, themeId: string): Theme | undefined {
  return project.themes.find((theme) => theme.id === themeId);
}
