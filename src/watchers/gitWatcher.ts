import * as vscode from 'vscode';
import type { TaskService } from '../app/taskService';
import { commitsSince } from './gitCli';
import type { GitApi, GitExtension, GitRepository } from './gitApi';

/**
 * Links commits to the running task. Watches every repository's state (which changes for commits
 * made anywhere, including `git commit` in a terminal; `onDidCommit` only sees the git extension's
 * own commits) and, when HEAD moves, re-reads the commits made since the task started.
 */
export class GitWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly repos = new Map<string, { repo: GitRepository; head: string | undefined; sub: vscode.Disposable }>();
  private api: GitApi | undefined;
  private scans = Promise.resolve();

  constructor(
    private readonly tasks: TaskService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Connects to the git extension; logs and degrades when it is missing or disabled. */
  async start(): Promise<void> {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) {
      this.log.warn('Git: the built-in git extension is not available; commits will not be linked to tasks.');
      return;
    }
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports.enabled) {
      this.log.warn('Git: the git extension is disabled (git.enabled = false); commits will not be linked until it is enabled.');
      this.disposables.push(exports.onDidChangeEnablement((enabled) => enabled && this.connect(exports.getAPI(1))));
      return;
    }
    this.connect(exports.getAPI(1));
  }

  /** Re-reads commits of every repository now (before the stop prompt shows the facts). */
  async rescanAll(): Promise<void> {
    for (const { repo } of this.repos.values()) this.queueScan(repo);
    await this.scans;
  }

  private connect(api: GitApi): void {
    this.api = api;
    const ready = (): void => {
      for (const repo of api.repositories) this.watch(repo);
      this.log.info(`Git: watching ${api.repositories.length} repositor${api.repositories.length === 1 ? 'y' : 'ies'}`);
    };
    if (api.state === 'initialized') ready();
    else this.disposables.push(api.onDidChangeState((state) => state === 'initialized' && ready()));
    this.disposables.push(
      api.onDidOpenRepository((repo) => this.watch(repo)),
      api.onDidCloseRepository((repo) => {
        const key = repo.rootUri.fsPath;
        this.repos.get(key)?.sub.dispose();
        this.repos.delete(key);
      }),
    );
  }

  private watch(repo: GitRepository): void {
    const key = repo.rootUri.fsPath;
    if (this.repos.has(key)) return;
    const entry = {
      repo,
      head: repo.state.HEAD?.commit,
      sub: repo.state.onDidChange(() => {
        const head = repo.state.HEAD?.commit;
        if (head === entry.head) return;
        entry.head = head;
        this.queueScan(repo);
      }),
    };
    this.repos.set(key, entry);
    this.log.info(`Git: watching ${key}`);
    this.queueScan(repo);
  }

  /** Scans run one after another so two quick HEAD moves cannot interleave their writes. */
  private queueScan(repo: GitRepository): void {
    this.scans = this.scans.then(() => this.scan(repo)).catch((err: unknown) => this.log.warn(`Git: ${String(err)}`));
  }

  private async scan(repo: GitRepository): Promise<void> {
    const task = this.tasks.running();
    if (!task || !this.api) return;
    const root = repo.rootUri.fsPath;
    const commits = await commitsSince(this.api.git.path, root, task.startedAt);
    const linked = this.tasks.linkCommits(task.id, root, commits);
    if (linked > 0) this.log.info(`Git: ${linked} commit(s) in ${root} linked to "${task.title}"`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const { sub } of this.repos.values()) sub.dispose();
    this.repos.clear();
  }
}
