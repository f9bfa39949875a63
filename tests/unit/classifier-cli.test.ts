/**
 * `npm run --silent classify -- FILE.jsonl` (issue 2): one JSON line per paper in input order,
 * malformed lines reported on stderr by line number while the others are classified, exit 1 then.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../classifier';
import { classifyJsonl } from '../../classifier/cli';

const lines = [
  JSON.stringify({
    id: 'a',
    title: 'Sparse Autoencoders Find Interpretable Features',
    abstract: 'We train SAEs.',
  }),
  '',
  '{"id": "b", "title": ',
  JSON.stringify({ id: 'c', title: 'Wanda: Pruning LLMs by Weights and Activations' }),
  JSON.stringify({ title: 'no id here' }),
  JSON.stringify({ id: 'e', title: 'Dense retrieval', abstract: null }),
  '[1, 2]',
  JSON.stringify({ id: 'g', title: 'Mixture-of-Experts routing', abstract: 42 }),
];

function runCli(args: string[], input?: string) {
  return spawnSync('npx', ['tsx', 'classifier/cli.ts', ...args], {
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
}

describe('classify CLI', { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'papersift-cli-'));
  const file = join(dir, 'papers.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);

  it('classifies good lines in order, reports bad ones by line number, exits 1', () => {
    const r = runCli([file]);
    expect(r.status).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'c', 'e']);
    expect(out[0]).toEqual({
      id: 'a',
      topics: ['sae'],
      scores: classify({
        title: 'Sparse Autoencoders Find Interpretable Features',
        abstract: 'We train SAEs.',
      }).scores,
    });
    expect(out[1].topics).toEqual(['pruning']);
    expect(Object.keys(out[2].scores)).toEqual(['moe', 'sae', 'sparse_attention', 'pruning']);
    const err = r.stderr.trim().split('\n');
    expect(err).toHaveLength(4);
    expect(err[0]).toMatch(/papers\.jsonl:3: invalid JSON/);
    expect(err[1]).toMatch(/:5: "id" must be a non-empty string/);
    expect(err[2]).toMatch(/:7: expected a JSON object, got an array/);
    expect(err[3]).toMatch(/:8: "abstract" must be a string when present/);
  });

  it('exits 0 when every line is good, and reads stdin with "-"', () => {
    const good = `${lines[0]}\n${lines[3]}\n`;
    const goodFile = join(dir, 'good.jsonl');
    writeFileSync(goodFile, good);
    const r = runCli([goodFile]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const s = runCli(['-'], good);
    expect(s.status).toBe(0);
    expect(s.stdout).toBe(r.stdout);
  });

  it('says how to use it when the file is missing', () => {
    const r = runCli([join(dir, 'missing.jsonl')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*missing\.jsonl: no such file/);
    expect(r.stderr).toMatch(/usage: npm run --silent classify -- FILE\.jsonl/);
  });

  it('classifyJsonl is the same logic in-process', () => {
    const r = classifyJsonl(lines.join('\n'), 'x.jsonl');
    expect(r.stdout).toHaveLength(3);
    expect(r.stderr[0]).toMatch(/^x\.jsonl:3:/);
    expect(r.exitCode).toBe(1);
    expect(classifyJsonl('\n\n').exitCode).toBe(0);
  });
});
