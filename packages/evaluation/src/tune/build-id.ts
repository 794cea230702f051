/**
 * Which build of the code a job runs with: results of different builds never mix (a merge refuses
 * them, and a queue never hands one build's stored results to another's submission). `--build ID`
 * or RITC_BUILD name it; else the git commit of the repository (with `-dirty` when tracked files
 * differ from it); else the package version.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { DIST_DIR } from '@ritc/runner';

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git checkout (a container image, a tarball) or no git: the caller falls back.
    return null;
  }
}

export function buildId(o: { flag?: string; env?: NodeJS.ProcessEnv; repoDir?: string } = {}): string {
  if (o.flag !== undefined && o.flag !== '') return o.flag;
  const env = o.env ?? process.env;
  const fromEnv = env.RITC_BUILD;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const repo = o.repoDir ?? path.dirname(DIST_DIR);
  const head = git(['rev-parse', '--short=12', 'HEAD'], repo);
  if (head === null || head === '') return 'v0.1.0';
  const dirty = git(['status', '--porcelain', '--untracked-files=no'], repo);
  return dirty !== null && dirty !== '' ? `${head}-dirty` : head;
}
