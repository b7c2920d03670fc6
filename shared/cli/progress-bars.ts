import cliProgress from 'cli-progress';

/** What a command reports per file as it goes: bars on a terminal, lines in a log. */
export interface FileProgress {
  add(id: string, name: string): void;
  rename(from: string, to: string): void;
  update(id: string, phase: string, fraction: number): void;
  done(id: string, status: string): void;
  stop(): void;
}

/** How often a log line may repeat for the same thing while nothing but its percentage changed. */
const LINE_EVERY_MS = 10_000;

const STATUS_LABELS: Record<string, string> = { ready: 'xong', rejected: 'bị từ chối', failed: 'lỗi hệ thống' };

/**
 * Progress as plain lines on stderr, for a log or a pipe (no terminal to redraw bars on): a line
 * when a phase starts or ends, and at most one every 10 s while it runs. stdout stays for results
 * (`--json`).
 */
export class ProgressLines implements FileProgress {
  private readonly names = new Map<string, string>();
  private readonly last = new Map<string, { phase: string; at: number }>();

  constructor(
    private readonly out: { write(text: string): unknown } = process.stderr,
    private readonly now: () => number = Date.now,
  ) {}

  /** A line about `key` (a file, a render): written when `phase` changed or `force`, else at most every 10 s. */
  line(key: string, phase: string, text: string, force = false): void {
    const previous = this.last.get(key);
    const at = this.now();
    if (!force && previous && previous.phase === phase && at - previous.at < LINE_EVERY_MS) return;
    this.last.set(key, { phase, at });
    this.out.write(`${new Date(at).toISOString()} ${text}\n`);
  }

  add(id: string, name: string): void {
    this.names.set(id, name);
  }
  rename(from: string, to: string): void {
    const name = this.names.get(from);
    if (name !== undefined) this.names.set(to, name);
  }
  update(id: string, phase: string, fraction: number): void {
    const name = this.names.get(id) ?? id;
    this.line(id, phase, `${name}: ${phase} ${Math.round(fraction * 100)}%`);
  }
  done(id: string, status: string): void {
    this.line(id, `done:${status}`, `${this.names.get(id) ?? id}: ${STATUS_LABELS[status] ?? status}`, true);
  }
  stop(): void {}
}

/**
 * Where a command's progress goes: bars on a terminal (unless `--json`), lines when stderr is a
 * log or a pipe, so a long `demo` or `render` is never silent for minutes.
 */
export function progressFor({ json }: { json?: boolean | undefined }): FileProgress {
  return !json && process.stderr.isTTY ? new ProgressBars() : new ProgressLines();
}

/** One progress bar per file on a terminal (stderr): upload, then processing. */
export class ProgressBars implements FileProgress {
  private readonly multibar = new cliProgress.MultiBar(
    { format: ' {bar} {percentage}% | {phase} | {name}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  private readonly bars = new Map<string, cliProgress.SingleBar>();

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
    this.bars.get(id)?.update(100, { phase: STATUS_LABELS[status] ?? status });
  }
  stop(): void {
    this.multibar.stop();
  }
}
