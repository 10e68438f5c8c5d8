import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildBank, type Bank, type SourceFile } from './domain/bank.js';

/** Reads every questions/<track>/<topic>.yaml file under `dir`. */
export function readQuestionFiles(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const track of readdirSync(dir).sort()) {
    const trackDir = join(dir, track);
    if (!statSync(trackDir).isDirectory()) continue;
    for (const name of readdirSync(trackDir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const path = join(trackDir, name);
      files.push({ path: relative(process.cwd(), path) || path, content: readFileSync(path, 'utf8') });
    }
  }
  return files;
}

export function loadBank(dir: string): Bank {
  return buildBank(readQuestionFiles(dir));
}
