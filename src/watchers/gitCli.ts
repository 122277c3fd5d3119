import { execFile } from 'node:child_process';
import { GIT_LOG_FORMAT, parseGitLog, type LoggedCommit } from './gitLogParser';

/** How many commits one scan reads at most; a task with more is an outlier, not a hang. */
const MAX_COMMITS = 500;

/**
 * Commits reachable from HEAD that were committed at or after `sinceMs`, with per-commit line
 * counts. Rewritten commits (amend, rebase) are new objects, and the ones they replace are no
 * longer reachable, so re-reading this list never duplicates them.
 */
export function commitsSince(gitPath: string, repoRoot: string, sinceMs: number): Promise<LoggedCommit[]> {
  const since = Math.floor(sinceMs / 1000);
  const args = [
    '-c',
    'core.quotepath=off',
    'log',
    `--since=@${since}`,
    `--max-count=${MAX_COMMITS}`,
    GIT_LOG_FORMAT,
    '--numstat',
    '--no-color',
    'HEAD',
    '--',
  ];
  return new Promise((resolve, reject) => {
    execFile(gitPath, args, { cwd: repoRoot, maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        // A repository without commits has no HEAD yet: nothing to link.
        if (/does not have any commits|unknown revision|bad revision/.test(stderr)) return resolve([]);
        return reject(new Error(`git log failed in ${repoRoot}: ${stderr.trim() || err.message}`));
      }
      resolve(parseGitLog(stdout).filter((c) => c.committedAt >= since * 1000));
    });
  });
}
