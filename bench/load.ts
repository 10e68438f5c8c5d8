/** What the answer benchmarks share: counting Redis commands, running tasks at a fixed concurrency, percentiles. */
import { performance } from 'node:perf_hooks';
import type { Store } from '../src/store/redis.js';

/** Counts the commands sent on `redis` from now on (each command is one round trip unless pipelined). */
export function countCommands(redis: Store): { count: () => number } {
  let n = 0;
  const target = redis as unknown as { sendCommand: (...args: unknown[]) => unknown };
  const original = target.sendCommand.bind(redis);
  target.sendCommand = (...args: unknown[]) => { n++; return original(...args); };
  return { count: () => n };
}

/** Runs `total` tasks, `concurrency` at a time; returns the wall time and each task's latency (ms). */
export async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies = new Array<number>(total);
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
    }
  }));
  return { seconds: (performance.now() - start) / 1000, latencies };
}

export const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
export const median = (xs: number[]) => pct(xs, 50);
