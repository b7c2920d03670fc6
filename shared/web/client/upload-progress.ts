/** What the total needs of a file Uppy is sending. */
export interface UploadingFile {
  size: number | null;
  progress: { uploadComplete?: boolean; bytesUploaded?: number | false; bytesTotal?: number | null };
}

/**
 * The share of all bytes sent, from the files themselves: a finished file counts whole. (Uppy's own
 * `totalProgress` is recomputed on a throttle and can stay just short of 100 % after the last part
 * of a resumed upload, while every file says it is done.)
 */
export function totalPercent({ files }: { files: readonly UploadingFile[] }): number {
  let sent = 0;
  let size = 0;
  for (const file of files) {
    const total = file.progress.bytesTotal ?? file.size ?? 0;
    if (total <= 0) continue;
    size += total;
    sent += file.progress.uploadComplete ? total : Math.min(total, typeof file.progress.bytesUploaded === 'number' ? file.progress.bytesUploaded : 0);
  }
  return size === 0 ? 0 : Math.floor((sent * 100) / size);
}
