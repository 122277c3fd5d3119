import type { TaskFacts } from '../domain/measure';
import type { SecondOpinion } from '../domain/secondOpinion';
import type { Task } from '../domain/task';
import type { TaskRepository } from './ports';
import type { SecondOpinions } from './secondOpinions';
import type { StopAnswers, TaskService } from './taskService';
import type { TokenService } from './tokenService';
import type { Outcome } from '../domain/outcome';

/** Reads of the outside world that bring a task's facts up to date before it stops (adapters). */
export interface StopSources {
  /** Brings the commits linked to the running task up to date. */
  refreshCommits(): Promise<void>;
  /** Reads new token usage from the agents' logs. */
  scanTokens(): Promise<unknown>;
}

/** How long each source may delay the stop prompt: a slow git or a huge log must not hold it up. */
export interface StopWaits {
  readonly commitsMs: number;
  readonly tokensMs: number;
}

const DEFAULT_WAITS: StopWaits = { commitsMs: 3_000, tokensMs: 5_000 };

/** Resolves when `work` settles or after `ms`, whichever comes first; a failure is not the caller's concern. */
function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/** What the stop prompt shows: the running task, its current facts and the second opinion (if the history allows one). */
export interface StopPrompt {
  readonly task: Task;
  readonly facts: TaskFacts;
  readonly opinion: SecondOpinion | undefined;
}

/**
 * Stopping a task, in two steps around the user's answers: `prepare` brings commits and tokens up
 * to date so the prompt shows current facts and the second opinion they lead to; `stop` ends the
 * task with the opinion worked out at prepare (the one shown, when a prompt asked), gives it the tokens of its span (known now that it has an
 * end) and saves once.
 */
export class StopTask {
  constructor(
    private readonly service: TaskService,
    private readonly tokens: Pick<TokenService, 'assign'>,
    private readonly tasks: Pick<TaskRepository, 'flush'>,
    private readonly opinions: Pick<SecondOpinions, 'forStop'>,
    private readonly sources: StopSources,
    private readonly waits: StopWaits = DEFAULT_WAITS,
  ) {}

  /** The running task once its commits and tokens are current, with its facts and opinion; undefined when none runs. */
  async prepare(): Promise<StopPrompt | undefined> {
    if (!this.service.running()) return undefined;
    await Promise.all([
      atMost(this.sources.refreshCommits(), this.waits.commitsMs),
      atMost(this.sources.scanTokens(), this.waits.tokensMs),
    ]);
    const task = this.service.running();
    if (!task) return undefined;
    const facts = this.service.facts(task);
    return { task, facts, opinion: this.opinions.forStop(task, facts) };
  }

  /** Stops the running task with the user's answers and the opinion worked out at prepare, assigns its tokens and saves. */
  async stop(answers: StopAnswers, opinion?: SecondOpinion): Promise<Outcome<Task>> {
    const result = this.service.stop(answers, opinion);
    if (!result.ok) return result;
    const task = this.tokens.assign(result.value);
    await this.tasks.flush();
    return { ok: true, value: task };
  }
}
