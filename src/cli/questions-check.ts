import { loadConfig } from '../config.js';
import { loadBank } from '../load-bank.js';
import { BankError } from '../domain/bank.js';
import { reportBank } from '../domain/bank-checks.js';
import { DIFFICULTIES, KINDS } from '../domain/question.js';

/** Validates the question bank and prints counts by track, outline section, difficulty and kind. Exit 1 on any problem. */
function main(): number {
  const dir = process.argv[2] ?? loadConfig().QUESTIONS_DIR;
  let bank;
  try {
    bank = loadBank(dir);
  } catch (err) {
    if (err instanceof BankError) { console.error(err.message); return 1; }
    throw err;
  }
  const r = reportBank(bank);
  const cols = [...DIFFICULTIES, ...KINDS];
  const row = (label: string, c: Record<string, number>, total: number) =>
    `${label.padEnd(50)} ${String(total).padStart(5)} ${cols.map((k) => String(c[k] ?? 0).padStart(8)).join('')}`;
  const header = `${''.padEnd(50)} ${'total'.padStart(5)} ${cols.map((k) => k.padStart(8)).join('')}`;
  console.log('By track');
  console.log(header);
  for (const [t, c] of Object.entries(r.byTrack)) console.log(row(t, c, c.total ?? 0));
  console.log('\nCoverage of the outline');
  console.log(header);
  for (const c of r.coverage) console.log(row(c.section, c.counts, c.total));
  const pct = (n: number) => `${Math.round((100 * n) / Math.max(1, r.total))}%`;
  const all = r.byTrack;
  const sum = (k: string) => Object.values(all).reduce((s, c) => s + (c[k] ?? 0), 0);
  console.log(`\n${r.total} questions · ${DIFFICULTIES.map((d) => `${d} ${pct(sum(d))}`).join(' · ')} · auto-gradable ${pct(r.autoGradable)}`);
  if (r.unmapped.length) r.problems.push(`topics not mapped to an outline section: ${r.unmapped.join(', ')}`);
  if (r.problems.length) {
    console.error(`\n${r.problems.length} problem(s):\n  ${r.problems.join('\n  ')}`);
    return 1;
  }
  console.log('OK');
  return 0;
}

process.exitCode = main();
