import type { AuditEntry, Comment, CutDraft, Decision, DownloadEntry, Invite, Publication, ReviewRequest, Session, UploadRecord } from '../domain/index.ts';

/**
 * The web workflow's records: who may sign in, what they uploaded, the editors' drafts, review
 * comments, approval decisions and the logs. Separate from `Store` (the media pipeline's records)
 * so each backend can keep them where it likes.
 *
 * Shared rules (test/contracts/workflow-store-contract.ts): `update`/`save` are optimistic —
 * they succeed only when the stored revision equals `expectedRevision` and store `revision + 1`,
 * else `ConflictError` (code `CONFLICT`); creating a taken id is `ALREADY_EXISTS`; logs are
 * append-only and listed newest first.
 *
 * Audit that cannot miss: every method that changes a record takes an optional `audit` entry,
 * written together with the change or not at all (SQLite: one transaction; DynamoDB: the entry
 * rides in the changed item's conditional write and is then copied to the log — see
 * `createDynamoWorkflowStore`). A refused change (conflict, taken id) writes no entry.
 * `audit.append` alone is for events that change nothing (a failed sign-in, a refused upload).
 */
export interface WorkflowStore {
  invites: InviteRepository;
  sessions: SessionRepository;
  uploads: UploadRepository;
  cuts: CutDraftRepository;
  reviews: ReviewRequestRepository;
  comments: CommentRepository;
  decisions: DecisionRepository;
  audit: AuditLog;
  downloads: DownloadLog;
  publications: PublicationRepository;
  close(): Promise<void>;
}

export interface InviteRepository {
  create(args: { invite: Invite; audit?: AuditEntry | undefined }): Promise<Invite>;
  get(args: { id: string }): Promise<Invite | null>;
  findByTokenHash(args: { tokenHash: string }): Promise<Invite | null>;
  /** A project's invites (`projectId: null`: the admin ones), newest first. */
  list(args: { projectId: string | null }): Promise<Invite[]>;
  /** Marks it revoked (idempotent: the first revocation time stays, and `audit` is written only by the revocation that changed it) and returns it; null when unknown. */
  revoke(args: { id: string; at: string; audit?: AuditEntry | undefined }): Promise<Invite | null>;
  /** Records its last use. */
  touch(args: { id: string; at: string }): Promise<void>;
}

export interface SessionRepository {
  create(args: { session: Session; audit?: AuditEntry | undefined }): Promise<Session>;
  get(args: { idHash: string }): Promise<Session | null>;
  delete(args: { idHash: string }): Promise<void>;
  /** Records a session's last request (`lastSeenAt`); a session deleted meanwhile stays deleted. */
  touch(args: { idHash: string; at: string }): Promise<void>;
  /** Ends every session started from an invite (when it is revoked). */
  deleteByInvite(args: { inviteId: string }): Promise<number>;
}

export interface UploadRepository {
  create(args: { upload: UploadRecord; audit?: AuditEntry | undefined }): Promise<UploadRecord>;
  get(args: { id: string }): Promise<UploadRecord | null>;
  /** The upload whose staged blob is `key` (what an S3 notification names), or null. */
  findByKey(args: { key: string }): Promise<UploadRecord | null>;
  /** A project's uploads, newest first; `inviteId` narrows to one person's. */
  list(args: { projectId: string; inviteId?: string }): Promise<UploadRecord[]>;
  update(args: { upload: UploadRecord; expectedRevision: number; audit?: AuditEntry | undefined }): Promise<UploadRecord>;
}

export interface CutDraftRepository {
  get(args: { projectId: string; cutId: string }): Promise<CutDraft | null>;
  list(args: { projectId: string }): Promise<CutDraft[]>;
  /** Creates (`expectedRevision: 0`, none stored) or replaces (stored revision equal) a draft; the result has `revision + 1`. */
  save(args: { draft: CutDraft; expectedRevision: number; audit?: AuditEntry | undefined }): Promise<CutDraft>;
}

export interface ReviewRequestRepository {
  /**
   * Records that a version was sent to review, with the approval chain of that moment. A version
   * sent again keeps its first record and chain (`created: false`, and `audit` is not written).
   */
  create(args: { review: ReviewRequest; audit?: AuditEntry | undefined }): Promise<{ review: ReviewRequest; created: boolean }>;
  get(args: { versionId: string }): Promise<ReviewRequest | null>;
  /** A project's versions sent to review, newest first. */
  list(args: { projectId: string }): Promise<ReviewRequest[]>;
}

export interface CommentRepository {
  create(args: { comment: Comment; audit?: AuditEntry | undefined }): Promise<Comment>;
  get(args: { id: string }): Promise<Comment | null>;
  /** A version's comments, oldest first. */
  list(args: { versionId: string }): Promise<Comment[]>;
  update(args: { comment: Comment; expectedRevision: number; audit?: AuditEntry | undefined }): Promise<Comment>;
}

export interface DecisionRepository {
  /**
   * Appends a decision whose `sequence` must be the next one for its version (stored count + 1);
   * otherwise `ConflictError` (another decision was recorded first) and nothing is written.
   */
  append(args: { decision: Decision; audit?: AuditEntry | undefined }): Promise<Decision>;
  /** A version's decisions, in sequence order. */
  list(args: { versionId: string }): Promise<Decision[]>;
}

export interface AuditLog {
  append(args: { entry: AuditEntry }): Promise<void>;
  list(args: { projectId: string; limit?: number }): Promise<AuditEntry[]>;
}

export interface DownloadLog {
  append(args: { entry: DownloadEntry }): Promise<void>;
  list(args: { projectId: string; limit?: number }): Promise<DownloadEntry[]>;
}

/**
 * Publications on the watch page, by slug. `create` of a taken slug is `ALREADY_EXISTS` (a
 * withdrawn one too: publishing again under it is an `update`); `update` is optimistic.
 */
export interface PublicationRepository {
  create(args: { publication: Publication; audit?: AuditEntry | undefined }): Promise<Publication>;
  get(args: { slug: string }): Promise<Publication | null>;
  /** Every publication, live and withdrawn, newest first. */
  list(): Promise<Publication[]>;
  update(args: { publication: Publication; expectedRevision: number; audit?: AuditEntry | undefined }): Promise<Publication>;
}
