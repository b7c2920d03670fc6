import cliProgress from 'cli-progress';

/** One progress bar per file on a terminal (stderr): upload, then processing. */
export class ProgressBars {
  private readonly multibar = new cliProgress.MultiBar(
    { format: ' {bar} {percentage}% | {phase} | {name}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  /** Bars only where a person watches: a terminal, and no `--json`. */
  static forTerminal({ json }: { json?: boolean | undefined }): ProgressBars | null {
    return !json && process.stderr.isTTY ? new ProgressBars() : null;
  }

  add(id: string, name: string): void {
    this.bars.set(id, this.multibar.create(100, 0, { phase: 'chờ', name }));
  }
  rename(from: string, to: string): void {
    const bar = this.bars.get(from);
    if (!bar) return;
    this.bars.delete(from);
    this.bars.set(to, bar);
    bar.update(0, { phase: 'chờ xử lý' });
  }
  update(id: string, phase: string, fraction: number): void {
    this.bars.get(id)?.update(Math.round(fraction * 100), { phase });
  }
  done(id: string, status: string): void {
    const label = { ready: 'xong', rejected: 'bị từ chối', failed: 'lỗi hệ thống' }[status] ?? status;
    this.bars.get(id)?.update(100, { phase: label });
  }
  stop(): void {
    this.multibar.stop();
  }
}
