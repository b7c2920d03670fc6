import type { Asset, AssetKind, AssetStatus, AuditEntry, Project, Render, Version } from '../domain/index.ts';

export interface AssetFilter {
  projectId: string;
  kind?: AssetKind | undefined;
  theme?: string | undefined;
  status?: AssetStatus | undefined;
  organisation?: string | undefined;
}

/**
 * Projects. `update` is optimistic: it succeeds only when the stored revision equals
 * `expectedRevision`, and stores the record with `revision + 1`; otherwise ConflictError (its
 * `details.found` is the stored revision, or null when there is no such record). `create` of a
 * taken id throws a `StoreError` with code `ALREADY_EXISTS` (kind `conflict`). `audit` is written
 * to the workflow's audit log together with the change or not at all (see `WorkflowStore`).
 */
export interface ProjectRepository {
  create(args: { project: Project; audit?: AuditEntry | undefined }): Promise<Project>;
  get(args: { id: string }): Promise<Project | null>;
  list(): Promise<Project[]>;
  update(args: { project: Project; expectedRevision: number; audit?: AuditEntry | undefined }): Promise<Project>;
}

export interface AssetRepository {
  /**
   * Inserts the asset unless the project already has one with the same original (SHA-256):
   * then nothing is written and the existing asset is returned with `created: false`.
   */
  insertIfAbsent(args: { asset: Asset }): Promise<{ asset: Asset; created: boolean }>;
  get(args: { id: string }): Promise<Asset | null>;
  findByOriginal(args: { projectId: string; sha256: string }): Promise<Asset | null>;
  list(args: AssetFilter): Promise<Asset[]>;
  update(args: { asset: Asset; expectedRevision: number }): Promise<Asset>;
}

/** The repository: everything the use cases keep, behind one port. */
export interface Store {
  projects: ProjectRepository;
  assets: AssetRepository;
  versions: VersionRepository;
  renders: RenderRepository;
  close(): Promise<void>;
}

/** Frozen versions of cuts: immutable once stored. */
export interface VersionRepository {
  /**
   * Stores a version unless one with the same id (the same content) exists: then the stored one
   * is returned with `created: false`. Two different versions given the same number for the same
   * cut: the second gets ConflictError, and the caller freezes again with the next number.
   */
  insertIfAbsent(args: { version: Version }): Promise<{ version: Version; created: boolean }>;
  get(args: { id: string }): Promise<Version | null>;
  list(args: { projectId: string; cutId?: string }): Promise<Version[]>;
  /** The number the next version of this cut gets (1 for the first). */
  nextNumber(args: { projectId: string; cutId: string }): Promise<number>;
}

/**
 * Renders. `create` of a taken id throws `ALREADY_EXISTS`; `update` is optimistic like the
 * projects'. `audit` (the `version.render` entry of the person who started it) is written to the
 * workflow's audit log together with the new render or not at all (see `WorkflowStore`).
 */
export interface RenderRepository {
  create(args: { render: Render; audit?: AuditEntry | undefined }): Promise<Render>;
  get(args: { id: string }): Promise<Render | null>;
  list(args: { projectId: string; versionId?: string }): Promise<Render[]>;
  update(args: { render: Render; expectedRevision: number }): Promise<Render>;
}
