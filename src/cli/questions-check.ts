import { loadConfig } from '../config.js';
import { loadBank } from '../load-bank.js';
import { BankError } from '../domain/bank.js';
import { FAIRNESS_LIMITS, reportBank } from '../domain/bank-checks.js';
import { CHOICE_LETTERS, DIFFICULTIES, KINDS } from '../domain/question.js';

/**
 * Validates the question bank and prints counts by track and outline section, the level mix, the auto-gradable
 * share and the fairness figures of the choice questions. Exit 1 on any problem.
 */
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
  const width = Math.max(50, ...r.coverage.map((c) => c.section.length));
  const row = (label: string, c: Record<string, number>, total: number) =>
    `${label.padEnd(width)} ${String(total).padStart(5)} ${cols.map((k) => String(c[k] ?? 0).padStart(8)).join('')}`;
  const header = `${''.padEnd(width)} ${'total'.padStart(5)} ${cols.map((k) => k.padStart(8)).join('')}`;
  console.log('By track');
  console.log(header);
  for (const [t, c] of Object.entries(r.byTrack)) console.log(row(t, c, c.total ?? 0));
  console.log('\nCoverage of the outline');
  console.log(header);
  for (const c of r.coverage) console.log(row(c.section, c.counts, c.total));

  const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
  const f = r.fairness;
  const used = CHOICE_LETTERS.filter((l, i) => i < 4 || (f.positions[l] ?? 0) > 0);
  console.log(`\n${r.total} questions`);
  console.log(`  level mix: ${DIFFICULTIES.map((d) => `${d} ${pct(r.byDifficulty[d] ?? 0, r.total)}`).join(' · ')}`);
  console.log(`  auto-gradable (choice or numeric): ${r.autoGradable} (${pct(r.autoGradable, r.total)})`);
  console.log(`  choice questions: ${f.choiceQuestions}`);
  console.log(`  correct option strictly longest: ${f.longestCorrect} (${pct(f.longestCorrect, f.choiceQuestions)}; limit ${FAIRNESS_LIMITS.longestCorrect * 100}%)`);
  console.log(`  correct option by position: ${used.map((l) => `${l} ${f.positions[l] ?? 0} (${pct(f.positions[l] ?? 0, f.choiceQuestions)})`).join(' · ')} (limit ${FAIRNESS_LIMITS.position * 100}% each)`);
  if (r.problems.length) {
    console.error(`\n${r.problems.length} problem(s):\n  ${r.problems.join('\n  ')}`);
    return 1;
  }
  console.log('OK');
  return 0;
}

process.exitCode = main();
