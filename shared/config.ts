import path from 'node:path';
import { z } from 'zod';
import { SESSION_HOURS, SESSION_IDLE_MINUTES, type SessionPolicy } from './domain/access.ts';
import { ConfigError } from './domain/errors.ts';
import type { AwsBackendOptions } from './adapters/aws/index.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const GIB = 1024 ** 3;
/** "true"/"false"/"1"/"0" only: `Boolean("false")` is true, so nothing else is accepted. */
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Every environment variable the product reads, with its default. Parsed once, at start-up. */
const EnvSchema = z.object({
  REPORTAGE_BACKEND: z.enum(['local', 'aws']).default('local'),
  REPORTAGE_DATA_DIR: z.string().min(1).default('./data'),
  REPORTAGE_PROJECT: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .default('dai-hoi-2026'),
  /** Jobs run at once by one worker process (each job's ffmpeg uses several threads). */
  REPORTAGE_WORKERS: positiveInt(2),
  REPORTAGE_JOB_VISIBILITY_SECONDS: positiveInt(300),
  REPORTAGE_JOB_MAX_ATTEMPTS: positiveInt(3),
  REPORTAGE_FFMPEG: z.string().min(1).default('ffmpeg'),
  REPORTAGE_FFPROBE: z.string().min(1).default('ffprobe'),
  /** Upper bound of one ffmpeg run's wall time. */
  REPORTAGE_FFMPEG_TIMEOUT_SECONDS: positiveInt(6 * 3600),
  /** Upper bound of one ffmpeg process's address space, in MiB. */
  REPORTAGE_FFMPEG_MEMORY_MB: positiveInt(8192),
  /** Checked from the probe, before anything is decoded: pixels of one video frame (8K DCI, 8192×4320, fits). */
  REPORTAGE_MAX_VIDEO_PIXELS: positiveInt(36_000_000),
  /** Pixels of one photo (a 102-megapixel medium-format camera fits). */
  REPORTAGE_MAX_PHOTO_PIXELS: positiveInt(120_000_000),
  /** Length of one clip or sound file. */
  REPORTAGE_MAX_DURATION_SECONDS: positiveInt(4 * 3600),
  /** Streams in one file (picture, sound tracks, data). */
  REPORTAGE_MAX_STREAMS: positiveInt(16),
  /** `serve`: renders run at once in the process; the others wait their turn. */
  REPORTAGE_MAX_RENDERS: positiveInt(1),
  /** Upload quotas of a project and of one contributor in it: bytes in flight (GiB), bytes stored (GiB), uploads open. */
  REPORTAGE_UPLOAD_QUOTA_PROJECT_IN_FLIGHT_GIB: positiveInt(512),
  REPORTAGE_UPLOAD_QUOTA_PROJECT_STORED_GIB: positiveInt(4096),
  REPORTAGE_UPLOAD_QUOTA_PROJECT_OPEN: positiveInt(200),
  REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_IN_FLIGHT_GIB: positiveInt(128),
  REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_STORED_GIB: positiveInt(1024),
  REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_OPEN: positiveInt(20),
  /** An upload with no activity this long is abandoned: its local staging is swept, it holds no quota. */
  REPORTAGE_UPLOAD_ABANDON_HOURS: positiveInt(48),
  REPORTAGE_FONT_FILE: z.string().min(1).optional(),
  REPORTAGE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  /** How long a sign-in session lasts at most, in hours (never past its invite's expiry). Up to 90 days. */
  REPORTAGE_SESSION_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .max(90 * 24)
    .default(SESSION_HOURS),
  /** A session unused this many minutes ends (sign in again with the link). Up to 30 days. */
  REPORTAGE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(30 * 24 * 60)
    .default(SESSION_IDLE_MINUTES),
  /** A proxy of ours sets X-Forwarded-For/Proto/Host: believe them (client address, HTTPS, Origin). */
  REPORTAGE_TRUST_PROXY: flag.default(false),
  /** `serve`: a request's headers must all arrive within this. */
  REPORTAGE_HTTP_HEADERS_TIMEOUT_SECONDS: positiveInt(20),
  /** `serve`: a connection silent this long (no request, or a body that stopped coming) is closed. */
  REPORTAGE_HTTP_IDLE_TIMEOUT_SECONDS: positiveInt(30),
  /**
   * `serve`: open connections one client address may hold (not applied behind a trusted proxy).
   * An association's office shares one address behind its router: a dozen browsers at six each.
   */
  REPORTAGE_HTTP_MAX_CONNECTIONS_PER_ADDRESS: positiveInt(128),
  /** Where published videos' files are served from (AWS: the CloudFront distribution's https URL). Unset: the app serves them. */
  REPORTAGE_PUBLIC_MEDIA_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  /** Sites allowed to embed the watch pages, space-separated origins (CSP frame-ancestors). Unset: any site. */
  REPORTAGE_EMBED_ORIGINS: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.*:-]+( +https?:\/\/[A-Za-z0-9.*:-]+)*$/, 'expected origins such as "https://hpusta.org.vn https://www.hpusta.org.vn"')
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name');

/** The variables of `REPORTAGE_BACKEND=aws` (the stateless stack sets them on every function). */
const AwsEnvSchema = z.object({
  /** Falls back to `AWS_REGION`, which Lambda sets. */
  REPORTAGE_AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as ap-southeast-1'),
  REPORTAGE_ORIGINALS_BUCKET: bucketName,
  REPORTAGE_DERIVED_BUCKET: bucketName,
  REPORTAGE_DELIVERIES_BUCKET: bucketName,
  REPORTAGE_TABLE: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'expected a DynamoDB table name'),
  REPORTAGE_JOB_QUEUE_URL: httpUrl,
  REPORTAGE_DEAD_LETTER_QUEUE_URL: httpUrl,
  /** Endpoint overrides, for the emulators (`scripts/emulators.ts`). Unset: the real AWS endpoints. */
  REPORTAGE_S3_ENDPOINT: httpUrl.optional(),
  REPORTAGE_SQS_ENDPOINT: httpUrl.optional(),
  REPORTAGE_DYNAMODB_ENDPOINT: httpUrl.optional(),
  REPORTAGE_SECRETSMANAGER_ENDPOINT: httpUrl.optional(),
  /**
   * The Secrets Manager secret (ARN or name) holding the signing key ring (the stateful stack
   * makes it; the stateless stack sets it on the functions that sign or verify). Unset: this
   * process has no signing key (the worker, the ingest function, CLI commands that sign nothing).
   */
  REPORTAGE_SIGNING_KEY_SECRET: z
    .string()
    .regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/, 'expected a Secrets Manager secret ARN or name')
    .optional(),
  /** Path-style S3 URLs (`http://host/bucket/key`), which emulators on a bare IP need. */
  REPORTAGE_S3_PATH_STYLE: flag.default(false),
});

/** Where the AWS backend's resources are, from the stacks' outputs (or the emulators). */
export interface AwsConfig {
  region: string;
  buckets: { originals: string; derived: string; deliveries: string };
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  endpoints: { s3: string | undefined; sqs: string | undefined; dynamodb: string | undefined; secretsmanager: string | undefined };
  s3ForcePathStyle: boolean;
  /** The secret holding the signing key ring (`REPORTAGE_SIGNING_KEY_SECRET`), if this process signs or verifies. */
  signingKeySecret: string | undefined;
}

export interface Config {
  backend: 'local' | 'aws';
  dataDir: string;
  projectId: string;
  workers: number;
  jobs: { visibilitySeconds: number; maxAttempts: number };
  ffmpeg: { ffmpegPath: string; ffprobePath: string; timeoutSeconds: number; memoryMb: number };
  /** Same shape as the media layer's `MediaLimits`. */
  mediaLimits: { maxVideoPixels: number; maxPhotoPixels: number; maxDurationSeconds: number; maxStreams: number };
  /** Renders at once in one `serve` process. */
  maxRenders: number;
  /** Same shape as the domain's `UploadQuotas`, in bytes. */
  uploadQuotas: Record<'project' | 'contributor', { bytesInFlight: number; bytesStored: number; openUploads: number }>;
  uploadAbandonSeconds: number;
  fontFile: string | undefined;
  /** Unset: each command picks its own (quiet for one-shot commands, info for servers). */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | undefined;
  /** Set when `backend` is `aws`. */
  aws: AwsConfig | undefined;
  /** Session lifetime and idle timeout (REPORTAGE_SESSION_HOURS, REPORTAGE_SESSION_IDLE_MINUTES). */
  sessions: SessionPolicy;
  /** The web server's exposure: proxy trust and the connection limits of `serve`. */
  http: { trustProxy: boolean; headersTimeoutSeconds: number; idleTimeoutSeconds: number; maxConnectionsPerAddress: number };
  /** The watch pages: where their media is served from (unset: the app) and who may embed them (empty: anyone). */
  watch: { publicMediaUrl: string | undefined; embedOrigins: string[] };
}

/**
 * Parses the environment once. A bad value fails at start-up, naming the variable.
 *
 * @example loadConfig({ env: { REPORTAGE_DATA_DIR: '/srv/reportage' } })
 */
export function loadConfig({ env = process.env, cwd = process.cwd() }: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Config {
  const known = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('REPORTAGE_') && value !== ''));
  const e = parseEnv({ schema: EnvSchema, values: known, env });
  const aws = e.REPORTAGE_BACKEND === 'aws' ? parseAwsConfig({ known, env }) : undefined;
  return {
    backend: e.REPORTAGE_BACKEND,
    dataDir: path.resolve(cwd, e.REPORTAGE_DATA_DIR),
    projectId: e.REPORTAGE_PROJECT,
    workers: e.REPORTAGE_WORKERS,
    jobs: { visibilitySeconds: e.REPORTAGE_JOB_VISIBILITY_SECONDS, maxAttempts: e.REPORTAGE_JOB_MAX_ATTEMPTS },
    ffmpeg: {
      ffmpegPath: e.REPORTAGE_FFMPEG,
      ffprobePath: e.REPORTAGE_FFPROBE,
      timeoutSeconds: e.REPORTAGE_FFMPEG_TIMEOUT_SECONDS,
      memoryMb: e.REPORTAGE_FFMPEG_MEMORY_MB,
    },
    mediaLimits: {
      maxVideoPixels: e.REPORTAGE_MAX_VIDEO_PIXELS,
      maxPhotoPixels: e.REPORTAGE_MAX_PHOTO_PIXELS,
      maxDurationSeconds: e.REPORTAGE_MAX_DURATION_SECONDS,
      maxStreams: e.REPORTAGE_MAX_STREAMS,
    },
    maxRenders: e.REPORTAGE_MAX_RENDERS,
    uploadQuotas: {
      project: {
        bytesInFlight: e.REPORTAGE_UPLOAD_QUOTA_PROJECT_IN_FLIGHT_GIB * GIB,
        bytesStored: e.REPORTAGE_UPLOAD_QUOTA_PROJECT_STORED_GIB * GIB,
        openUploads: e.REPORTAGE_UPLOAD_QUOTA_PROJECT_OPEN,
      },
      contributor: {
        bytesInFlight: e.REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_IN_FLIGHT_GIB * GIB,
        bytesStored: e.REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_STORED_GIB * GIB,
        openUploads: e.REPORTAGE_UPLOAD_QUOTA_CONTRIBUTOR_OPEN,
      },
    },
    uploadAbandonSeconds: e.REPORTAGE_UPLOAD_ABANDON_HOURS * 3600,
    fontFile: e.REPORTAGE_FONT_FILE,
    logLevel: e.REPORTAGE_LOG_LEVEL,
    aws,
    sessions: { lifetimeHours: e.REPORTAGE_SESSION_HOURS, idleMinutes: e.REPORTAGE_SESSION_IDLE_MINUTES },
    http: {
      trustProxy: e.REPORTAGE_TRUST_PROXY,
      headersTimeoutSeconds: e.REPORTAGE_HTTP_HEADERS_TIMEOUT_SECONDS,
      idleTimeoutSeconds: e.REPORTAGE_HTTP_IDLE_TIMEOUT_SECONDS,
      maxConnectionsPerAddress: e.REPORTAGE_HTTP_MAX_CONNECTIONS_PER_ADDRESS,
    },
    watch: {
      publicMediaUrl: e.REPORTAGE_PUBLIC_MEDIA_URL?.replace(/\/+$/, ''),
      embedOrigins: e.REPORTAGE_EMBED_ORIGINS?.split(/ +/) ?? [],
    },
  };
}

function parseAwsConfig({ known, env }: { known: Record<string, string | undefined>; env: NodeJS.ProcessEnv }): AwsConfig {
  const region = known.REPORTAGE_AWS_REGION ?? (env.AWS_REGION === '' ? undefined : env.AWS_REGION);
  const a = parseEnv({
    schema: AwsEnvSchema,
    values: { ...known, ...(region === undefined ? {} : { REPORTAGE_AWS_REGION: region }) },
    env,
    context: 'REPORTAGE_BACKEND=aws',
  });
  return {
    region: a.REPORTAGE_AWS_REGION,
    buckets: { originals: a.REPORTAGE_ORIGINALS_BUCKET, derived: a.REPORTAGE_DERIVED_BUCKET, deliveries: a.REPORTAGE_DELIVERIES_BUCKET },
    tableName: a.REPORTAGE_TABLE,
    queueUrl: a.REPORTAGE_JOB_QUEUE_URL,
    deadLetterQueueUrl: a.REPORTAGE_DEAD_LETTER_QUEUE_URL,
    endpoints: {
      s3: a.REPORTAGE_S3_ENDPOINT,
      sqs: a.REPORTAGE_SQS_ENDPOINT,
      dynamodb: a.REPORTAGE_DYNAMODB_ENDPOINT,
      secretsmanager: a.REPORTAGE_SECRETSMANAGER_ENDPOINT,
    },
    s3ForcePathStyle: a.REPORTAGE_S3_PATH_STYLE,
    signingKeySecret: a.REPORTAGE_SIGNING_KEY_SECRET,
  };
}

/** Parses with zod; the first problem fails start-up naming its variable (missing, or invalid with the value found). */
function parseEnv<S extends z.ZodType>({
  schema,
  values,
  env,
  context,
}: {
  schema: S;
  values: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  context?: string;
}): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue?.path[0] ?? 'REPORTAGE_*');
  const missing = values[variable] === undefined;
  const needed = context === undefined ? '' : ` (needed when ${context})`;
  throw new ConfigError({
    code: missing ? 'MISSING_CONFIG' : 'INVALID_CONFIG',
    message: missing
      ? `Environment variable ${variable} is not set${needed}. Set it (see docs/aws.md for where each value comes from).`
      : `Environment variable ${variable} is invalid: ${issue?.message ?? 'invalid value'} (found "${env[variable] ?? String(values[variable])}").`,
    messageVi: missing ? `Thiếu biến môi trường ${variable}.` : `Biến môi trường ${variable} không hợp lệ.`,
    details: { variable },
  });
}

/**
 * The backend's options from the app's configuration (`loadConfig` with `REPORTAGE_BACKEND=aws`):
 * one mapping for the CLI (`serve`, `worker`) and the Lambda functions. Originals are spooled under
 * `<dataDir>/spool` while they are hashed.
 */
export function awsBackendOptions({ aws, maxAttempts, dataDir }: { aws: AwsConfig; maxAttempts: number; dataDir: string }): AwsBackendOptions {
  return {
    connection: { region: aws.region, endpoints: aws.endpoints, s3ForcePathStyle: aws.s3ForcePathStyle },
    buckets: aws.buckets,
    tableName: aws.tableName,
    queueUrl: aws.queueUrl,
    deadLetterQueueUrl: aws.deadLetterQueueUrl,
    maxAttempts,
    spoolDir: path.join(dataDir, 'spool'),
  };
}
