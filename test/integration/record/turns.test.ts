import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { coveredMs, type Interval } from '../../../src/domain/intervals';
import type { Task } from '../../../src/domain/task';
import { eventually, leverageApi } from '../harness';
import { acceptAgentPrompt, claudeTranscript, logRoot, writeRecord } from '../records';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AI time from the agents’ own records, no terminal (real extension host)', function () {
  this.timeout(120_000);

  it('an agent seen only through its records, with no task running, asks "Claude started — time it as a task?"; Start starts one at its prompt', async () => {
    const api = await leverageApi();
    assert.equal(api.running(), undefined);
    const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const claudeRoot = await logRoot('claudeRoots');
    const transcript = claudeTranscript(claudeRoot.root, 'sess-ask');
    try {
      await vscode.commands.executeCommand('notifications.clearAll');
      const prompted = writeRecord(transcript, {
        type: 'user',
        sessionId: 'sess-ask',
        cwd: ws,
        message: { role: 'user', content: 'explain the build' },
      });
      writeRecord(transcript, {
        type: 'assistant',
        sessionId: 'sess-ask',
        cwd: ws,
        requestId: 'r1',
        message: { id: 'm1', role: 'assistant', content: [], usage: { input_tokens: 1, output_tokens: 1 } },
      });
      const task = await acceptAgentPrompt(api, 'a task started from the records prompt');
      assert.equal(task.title, 'Claude session');
      assert.equal(task.startedAt, prompted, 'the task begins at the prompt that started the agent');
      await vscode.commands.executeCommand('leverage.stopTask', { estimateHours: 1 });
    } finally {
      await claudeRoot.restore();
    }
  });

  it('a Claude transcript and a Codex rollout written in real time give the union of their turns, shown live before the stop', async () => {
    const api = await leverageApi();
    const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const claudeRoot = await logRoot('claudeRoots');
    const codexRoot = await logRoot('codexRoots');
    const transcript = claudeTranscript(claudeRoot.root, 'sess-turns');
    const day = new Date();
    const rollout = path.join(
      codexRoot.root,
      'sessions',
      String(day.getFullYear()),
      String(day.getMonth() + 1).padStart(2, '0'),
      String(day.getDate()).padStart(2, '0'),
      'rollout-turns.jsonl',
    );
    const claude = (type: string, extra: Record<string, unknown>) =>
      writeRecord(transcript, { type, sessionId: 'sess-turns', cwd: ws, isSidechain: false, ...extra });
    const codex = (type: string, payload: Record<string, unknown>) => writeRecord(rollout, { type, payload });
    let n = 0;
    const assistant = () =>
      claude('assistant', {
        requestId: `r${++n}`,
        message: {
          id: `m${n}`,
          model: 'claude-sonnet-4-5',
          role: 'assistant',
          content: [{ type: 'text', text: 'ok' }],
          usage: { input_tokens: 1, output_tokens: 2 },
        },
      });
    /** One Claude turn: the prompt, a response every second for `seconds`, then turn_duration. */
    const claudeTurn = async (seconds: number): Promise<Interval> => {
      const start = claude('user', { message: { role: 'user', content: 'add the CSV export' } });
      let end = start;
      for (let i = 0; i < seconds; i++) {
        await sleep(1000);
        end = assistant();
      }
      claude('system', { subtype: 'turn_duration', durationMs: end - start });
      return { start, end };
    };

    try {
      const started = await vscode.commands.executeCommand<Task>('leverage.startTask', { title: 'Records only' });
      assert.ok(started);
      codex('session_meta', { id: 'cx-turns', cwd: ws, originator: 'codex_vscode' });
      const first = await claudeTurn(8);
      // While the task runs the status bar shows AI time from the records alone (live look, no scan command).
      await eventually(() => (/AI (<1m|\d+m)/.test(api.statusBarText()) ? true : undefined), 'AI time in the status bar', 10_000);
      assert.deepEqual(api.runningFacts()?.aiSources, ['claude records']);
      // A Codex turn inside Claude's pause.
      await sleep(2000);
      const codexStart = codex('event_msg', { type: 'task_started', turn_id: 't1' });
      await sleep(2000);
      codex('event_msg', {
        type: 'token_count',
        info: { total_token_usage: { input_tokens: 10, cached_input_tokens: 0, output_tokens: 5, total_tokens: 15 } },
      });
      await sleep(2000);
      const codexEnd = codex('event_msg', { type: 'task_complete', turn_id: 't1' });
      await sleep(2000);
      const second = await claudeTurn(5);
      await sleep(2000);
      await eventually(() => (api.runningFacts()?.aiSources.length === 2 ? true : undefined), 'both agents in the live facts', 10_000);

      const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 1 });
      assert.ok(stopped);
      const expected = coveredMs([first, { start: codexStart, end: codexEnd }, second]) / 60_000;
      const wall = (stopped.stoppedAt! - stopped.startedAt) / 60_000;
      assert.equal(stopped.aiSource, 'measured');
      assert.equal(stopped.aiVia, 'claude records + codex in VS Code records', 'the Codex extension is named by its originator');
      assert.ok(
        Math.abs(stopped.aiMinutes! - expected) * 60 <= 5,
        `AI ${(stopped.aiMinutes! * 60).toFixed(1)} s, turns' union ${(expected * 60).toFixed(1)} s`,
      );
      assert.ok(
        stopped.aiMinutes! < wall - 5 / 60,
        `AI ${stopped.aiMinutes} min is less than the wall clock ${wall} min: not the fallback`,
      );
    } finally {
      await claudeRoot.restore();
      await codexRoot.restore();
    }
  });
});
