import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TEST_BANK_YAML } from './bank.js';

const root = join(import.meta.dirname, '../..');

/** Writes the small test bank under `dir` (QUESTIONS_DIR for bot processes: quicker to load than the real bank). */
export function writeTestBank(dir: string): string {
  for (const [path, content] of Object.entries(TEST_BANK_YAML)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return join(dir, 'questions');
}

/**
 * A bot process (`src/main.ts`, the real entry point, or another script such as `src/shards.ts`) for tests where
 * processes die. It is ready once it logs `readyLine`.
 */
export class Replica {
  readonly logs: string[] = [];
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private isReady = false;

  constructor(readonly name: string, env: Record<string, string>, opts: { script?: string; readyLine?: string } = {}) {
    const readyLine = opts.readyLine ?? 'Daily Gradient is running';
    const clean = { ...process.env };
    for (const k of Object.keys(clean)) if (/^(REDIS_|DISCORD_|SLACK_|DELIVERY_|SCHEDULE_|QUESTIONS_DIR|METRICS_PORT|SHARD)/.test(k)) delete clean[k];
    this.child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/support/exit-with-parent.mjs', opts.script ?? 'src/main.ts'], {
      cwd: root, env: { ...clean, CONSOLE: 'off', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      // The bot logs JSON lines to stderr; it is ready once it says it is running.
      for (const stream of [this.child.stdout!, this.child.stderr!]) {
        let buffer = '';
        stream.on('data', (d: Buffer) => {
          buffer += d.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines) {
            this.logs.push(line);
            if (line.includes(readyLine)) resolve();
          }
        });
      }
      this.child.once('exit', (code, signal) => reject(new Error(`replica ${name} exited (${code ?? signal}) before it was ready:\n${this.logs.join('\n').slice(-2000)}`)));
    });
    this.ready.then(() => { this.isReady = true; }, () => undefined);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ready and still running. */
  get alive(): boolean {
    return this.isReady && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: the process dies at once, mid-whatever, like a crashed or evicted container. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
