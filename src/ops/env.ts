import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config.js';

/**
 * Reads KEY=value lines from `.env` in the working directory into process.env, when that file exists.
 * Variables already set in the environment win. `.env.example` lists every variable.
 */
export function loadDotEnv(path = '.env'): string | undefined {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  if (typeof process.loadEnvFile !== 'function') {
    throw new ConfigError(`Found ${file}, but this Node.js (${process.version}) cannot read it. Use Node.js 20.12 or newer, or export the variables yourself.`);
  }
  try {
    process.loadEnvFile(file);
  } catch (err) {
    throw new ConfigError(`Could not read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return file;
}
