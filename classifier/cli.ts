/**
 * `npm run --silent classify -- FILE.jsonl` (or `-` / no argument for stdin): reads lines
 * {"id", "title", "abstract"?} and prints one line per paper, in input order:
 * {"id", "topics": [built-in ids], "scores": {topic: number}}. Uses the very classify() the extension
 * uses. A malformed line is reported on stderr with its line number and skipped; exit code 1 then.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_TOPICS } from '../lib/types';
import { classify } from './index';

export interface CliResult {
  stdout: string[];
  stderr: string[];
  exitCode: number;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** Classifies JSONL text; pure apart from classify(), so tests can call it directly. */
export function classifyJsonl(text: string, source = 'input'): CliResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === '') return;
    let d: unknown;
    try {
      d = JSON.parse(line);
    } catch (e) {
      stderr.push(`${source}:${n}: invalid JSON (${(e as Error).message})`);
      return;
    }
    if (typeof d !== 'object' || d === null || Array.isArray(d)) {
      stderr.push(`${source}:${n}: expected a JSON object, got ${kindOf(d)}`);
      return;
    }
    const o = d as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof o.id !== 'string' || o.id === '') problems.push('"id" must be a non-empty string');
    if (typeof o.title !== 'string') problems.push('"title" must be a string');
    if (o.abstract !== undefined && o.abstract !== null && typeof o.abstract !== 'string')
      problems.push('"abstract" must be a string when present');
    if (problems.length > 0) {
      stderr.push(`${source}:${n}: ${problems.join('; ')}`);
      return;
    }
    const c = classify({
      title: o.title as string,
      abstract: typeof o.abstract === 'string' ? o.abstract : '',
    });
    const scores: Record<string, number> = {};
    for (const t of BUILTIN_TOPICS) scores[t] = c.scores[t] ?? 0;
    stdout.push(JSON.stringify({ id: o.id, topics: c.topics, scores }));
  });
  return { stdout, stderr, exitCode: stderr.length > 0 ? 1 : 0 };
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: npm run --silent classify -- FILE.jsonl   (or - for stdin)\n');
    return 0;
  }
  if (argv.length > 1) {
    process.stderr.write('usage: npm run --silent classify -- FILE.jsonl   (one file, or - for stdin)\n');
    return 2;
  }
  const arg = argv[0] ?? '-';
  let text: string;
  try {
    text = arg === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(arg), 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    process.stderr.write(
      `classify: cannot read ${arg}: ${why}\nusage: npm run --silent classify -- FILE.jsonl\n`,
    );
    return 2;
  }
  const r = classifyJsonl(text, arg === '-' ? 'stdin' : arg);
  if (r.stdout.length > 0) process.stdout.write(`${r.stdout.join('\n')}\n`);
  if (r.stderr.length > 0) process.stderr.write(`${r.stderr.join('\n')}\n`);
  return r.exitCode;
}

if (
  import.meta.url.startsWith('file:') &&
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  // `… | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
