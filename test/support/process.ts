import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

export interface Finished { code: number | null; stdout: string; stderr: string }

/** The environment of this test run without anything that would make the bot connect somewhere real. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(REDIS_URL|DISCORD_|SLACK_|CONSOLE$|DEFAULT_TIMEZONE$|DATA_DIR$|QUESTIONS_DIR$|METRICS_PORT$|LOG_LEVEL$)/.test(k)) delete env[k];
  return env;
}

/**
 * Starts `tsx <root>/<script>` (by default the bot) as a real process. With `direct`, the script runs in the spawned
 * process itself (node --import tsx), so a signal such as SIGKILL reaches the bot rather than tsx's launcher; it also
 * exits when the test process goes away.
 */
export function startProcess(args: string[], opts: { env?: Record<string, string>; cwd?: string; script?: string; stdin?: boolean; direct?: boolean } = {}): { child: ChildProcess; done: Promise<Finished>; output: () => Finished } {
  const script = join(root, opts.script ?? 'src/main.ts');
  const stdin = opts.stdin ? 'pipe' : 'ignore';
  const child = opts.direct
    ? spawn(process.execPath, ['--import', 'tsx', '--import', join(root, 'test/support/exit-with-parent.mjs'), script, ...args], {
      cwd: opts.cwd ?? root, env: { ...cleanEnv(), ...opts.env }, stdio: [stdin, 'pipe', 'pipe', 'ipc'],
    })
    : spawn(tsx, [script, ...args], { cwd: opts.cwd ?? root, env: { ...cleanEnv(), ...opts.env }, stdio: [stdin, 'pipe', 'pipe'] });
  const out = { code: null as number | null, stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => { out.stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out.stderr += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const done = new Promise<Finished>((resolve) => child.on('exit', (code) => { clearTimeout(timer); out.code = code; resolve(out); }));
  return { child, done, output: () => out };
}

export function runProcess(args: string[], opts: { env?: Record<string, string>; cwd?: string; script?: string } = {}): Promise<Finished> {
  return startProcess(args, opts).done;
}

const dirs: string[] = [];
export function tempDir(prefix = 'dg-proc-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Resolves once `predicate` holds for the process output, or rejects after `ms`. */
export async function waitForOutput(p: { output: () => Finished }, predicate: (o: Finished) => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate(p.output())) {
    if (Date.now() > deadline) throw new Error(`timed out; stdout: ${p.output().stdout.slice(-500)} stderr: ${p.output().stderr.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
