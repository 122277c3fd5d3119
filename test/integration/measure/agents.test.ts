import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Task } from '../../../src/domain/task';
import { eventually, leverageApi, readSessionsOnDisk } from '../harness';
import { hostLog } from '../hostLine';
import { acceptAgentPrompt } from '../records';
import { fakeAgentBin, printedSeconds, runInTerminal, shellTerminal } from '../terminals';

/** Active time is measured from real output timing; this is the tolerance the tests hold it to. */
const TOLERANCE_S = 0.8;

const bin = fakeAgentBin();
const workspace = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function stopRunning(): Promise<void> {
  if ((await leverageApi()).running()) await vscode.commands.executeCommand('leverage.stopTask', { estimateHours: 1 });
}

describe('agents in real terminals (shell integration)', function () {
  this.timeout(90_000);

  before(async () => {
    // 1 s instead of 30 s keeps the test short; the silence below is 4 s, well past it.
    await vscode.workspace.getConfiguration('leverage').update('idleThresholdSeconds', 1, vscode.ConfigurationTarget.Workspace);
    await leverageApi();
  });

  it('an agent starting with no task asks "Claude started — time it as a task?"; Start starts one', async () => {
    const api = await leverageApi();
    assert.equal(api.running(), undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
    const terminal = await shellTerminal('prompted', bin, workspace());
    const done = runInTerminal(terminal, 'claude 25 0 0');
    // The notification's primary action is "Start"; the title box that follows is accepted as offered.
    const task = await acceptAgentPrompt(api, 'a task started from the agent prompt');
    assert.equal(task.title, 'Claude session');
    await done;
    await api.flush();
    const facts = api.runningFacts();
    assert.ok(facts?.aiMinutes !== undefined && facts.aiMinutes > 0, 'the prompting session joined the task');
    await stopRunning();
    terminal.dispose();
  });

  it('measures active time from output, excluding a silence longer than the idle threshold', async () => {
    const api = await leverageApi();
    await vscode.commands.executeCommand('leverage.startTask', { title: 'Fake claude with a pause' });
    const terminal = await shellTerminal('agent', bin, workspace());
    // 15 lines 200 ms apart (~2.8 s), 4 s silent, 10 lines (~1.8 s): ~4.6 s active of ~9 s.
    const exit = await runInTerminal(terminal, 'claude 15 4 10');
    assert.equal(exit, 0);
    await api.flush();
    const facts = api.runningFacts()!;
    const activeS = facts.aiMinutes! * 60;
    const printedS = printedSeconds(bin, 'claude');
    hostLog(`    active time: measured ${activeS.toFixed(2)} s, printed ${printedS.toFixed(2)} s (nominal 4.6 s), silence 4 s excluded`);
    assert.ok(
      Math.abs(activeS - printedS) <= TOLERANCE_S,
      `active ${activeS.toFixed(2)} s not within ${TOLERANCE_S} s of the ${printedS.toFixed(2)} s printed`,
    );
    assert.match(api.statusBarText(), /^\$\(record\) Fake claude with a pause · AI (<1m|\dm)/);
    const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 2 });
    assert.equal(stopped.aiSource, 'measured');
    const sessions = (await readSessionsOnDisk(api.databaseFile)).filter((s) => s.task_id === stopped.id);
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].agent, 'claude');
    assert.equal(sessions[0].exit_code, 0);
    assert.ok(Math.abs((sessions[0].active_ms as number) / 1000 - printedS) <= TOLERANCE_S);
    // Privacy: nothing of the command line or the output is stored.
    const bytes = fs.readFileSync(api.databaseFile).toString('latin1');
    assert.ok(!bytes.includes('claude 15 4 10') && !bytes.includes('working again'), 'no command line or output in the database');
    terminal.dispose();
  });

  it('two overlapping agents count as the union of their active time, not the sum', async () => {
    const api = await leverageApi();
    await vscode.commands.executeCommand('leverage.startTask', { title: 'Two agents at once' });
    const a = await shellTerminal('agent a', bin, workspace());
    const b = await shellTerminal('agent b', bin, workspace());
    const first = runInTerminal(a, 'claude 25 0 0'); // ~4.8 s
    // codex starts once claude has been measured working for 2 s, however slow the machine is.
    await eventually(() => ((api.runningFacts()?.aiMinutes ?? 0) * 60 >= 2 ? true : undefined), 'claude to work for 2 s', 20_000);
    const second = runInTerminal(b, 'codex 25 0 0'); // ~4.8 s, from ~2 s
    await Promise.all([first, second]);
    await api.flush();
    const facts = api.runningFacts()!;
    const activeS = facts.aiMinutes! * 60;
    const sumS = printedSeconds(bin, 'claude') + printedSeconds(bin, 'codex');
    hostLog(`    overlapping agents: union ${activeS.toFixed(2)} s, sum of their printing ${sumS.toFixed(2)} s`);
    assert.deepEqual(facts.agents, ['claude', 'codex']);
    // codex started ~2 s after claude and both printed for ~5 s: the union is ~2 s shorter than the sum.
    assert.ok(activeS < sumS - 1.0 && activeS > sumS / 2, `union ${activeS.toFixed(2)} s vs sum ${sumS.toFixed(2)} s`);
    await stopRunning();
    a.dispose();
    b.dispose();
  });

  it('a non-agent command (sleep 2) records nothing', async () => {
    const api = await leverageApi();
    await api.flush();
    const before = (await readSessionsOnDisk(api.databaseFile)).length;
    const terminal = await shellTerminal('not an agent', bin, workspace());
    assert.equal(await runInTerminal(terminal, 'sleep 2'), 0);
    await api.flush();
    assert.equal((await readSessionsOnDisk(api.databaseFile)).length, before);
    terminal.dispose();
  });
});

describe('git commits during a task (vscode.git API + git CLI)', function () {
  this.timeout(90_000);

  function git(...args: string[]): string {
    return execFileSync('git', args, { cwd: workspace(), encoding: 'utf8' });
  }

  it('links a commit made in a terminal and one made outside VS Code, with line counts; an amend does not duplicate', async () => {
    const api = await leverageApi();
    await vscode.commands.executeCommand('leverage.startTask', { title: 'Commit twice' });
    const terminal = await shellTerminal('git', bin, workspace());
    fs.writeFileSync(path.join(workspace(), 'first.txt'), 'one\ntwo\nthree\n');
    await runInTerminal(terminal, 'git add first.txt && git commit -q -m "First commit from the terminal"');
    await eventually(() => (api.runningFacts()?.commits === 1 ? true : undefined), 'the terminal commit to be linked', 20_000);

    fs.writeFileSync(path.join(workspace(), 'second.txt'), 'a\nb\nc\nd\ne\n');
    fs.appendFileSync(path.join(workspace(), 'first.txt'), 'four\n');
    git('add', 'first.txt', 'second.txt');
    git('commit', '-q', '-m', 'Second commit, outside VS Code');
    await eventually(() => (api.runningFacts()?.commits === 2 ? true : undefined), 'the outside commit to be linked', 20_000);
    let facts = api.runningFacts()!;
    assert.deepEqual([facts.commits, facts.files, facts.insertions, facts.deletions], [2, 3, 9, 0]);

    fs.writeFileSync(path.join(workspace(), 'second.txt'), 'a\nb\n');
    git('add', 'second.txt');
    git('commit', '-q', '--amend', '-m', 'Second commit, amended');
    await eventually(
      () => (api.runningFacts()?.deletions === 0 && api.runningFacts()?.insertions === 6 ? true : undefined),
      'the amended commit to replace the original',
      20_000,
    );
    facts = api.runningFacts()!;
    assert.deepEqual([facts.commits, facts.files, facts.insertions, facts.deletions], [2, 3, 6, 0]);
    assert.match(api.statusBarText(), /· 2 commits$/);

    const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 1 });
    assert.ok(stopped.stoppedAt);
    terminal.dispose();
  });
});
