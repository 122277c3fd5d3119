/** Record and field separators in the `git log` format below (never found in commit text). */
const RS = '\x1e';
const FS = '\x1f';

/** `git log` arguments producing what parseGitLog reads. */
export const GIT_LOG_FORMAT = `--format=${RS}%H${FS}%at${FS}%ct${FS}%s`;

/** One commit as read from `git log --numstat`. */
export interface LoggedCommit {
  readonly hash: string;
  readonly subject: string;
  readonly authoredAt: number;
  readonly committedAt: number;
  readonly files: number;
  readonly insertions: number;
  readonly deletions: number;
}

/**
 * Parses `git log GIT_LOG_FORMAT --numstat` output. Binary files (`-\t-\tpath`) count as changed
 * files without lines. Malformed records are skipped.
 */
export function parseGitLog(output: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const record of output.split(RS)) {
    if (record.trim() === '') continue;
    const [header, ...statLines] = record.split('\n');
    const [hash, authored, committed, subject = ''] = header.split(FS);
    if (!/^[0-9a-f]{40,64}$/.test(hash ?? '') || !authored || !committed) continue;
    let files = 0,
      insertions = 0,
      deletions = 0;
    for (const line of statLines) {
      const m = /^(\d+|-)\t(\d+|-)\t./.exec(line);
      if (!m) continue;
      files++;
      if (m[1] !== '-') insertions += Number(m[1]);
      if (m[2] !== '-') deletions += Number(m[2]);
    }
    commits.push({
      hash,
      subject,
      authoredAt: Number(authored) * 1000,
      committedAt: Number(committed) * 1000,
      files,
      insertions,
      deletions,
    });
  }
  return commits;
}
