import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * All `*.jsonl` files below the given folders, recursively (Claude Code nests subagent transcripts
 * below a session folder). Folders are read level by level, each level concurrently. Missing or
 * unreadable folders yield nothing; symlinked folders are not followed, to stay clear of cycles.
 */
export async function listJsonlFiles(dirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  let level = [...new Set(dirs)];
  while (level.length > 0) {
    const listings = await Promise.all(level.map((dir) => fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [])));
    const next: string[] = [];
    listings.forEach((entries, i) => {
      for (const entry of entries) {
        const full = path.join(level[i], entry.name);
        if (entry.isDirectory()) next.push(full);
        else if (entry.name.endsWith('.jsonl') && (entry.isFile() || entry.isSymbolicLink())) files.push(full);
      }
    });
    level = next;
  }
  return files.sort();
}
