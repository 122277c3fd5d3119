import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Task } from '../../../src/domain/task';
import { leverageApi } from '../harness';
import { hostLog } from '../hostLine';
import { claudeTranscript, logRoot, writeRecord } from '../records';
import { fakeAgentBin, printedSeconds, runInTerminal, shellTerminal } from '../terminals';

describe('one agent seen in a terminal and in its own transcript (real extension host)', function () {
  this.timeout(90_000);

  it('counts its time once: the union of terminal output and transcript turn, with both sources named', async () => {
    await leverageApi();
    const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const claudeRoot = await logRoot('claudeRoots');
    const transcript = claudeTranscript(claudeRoot.root, 'sess-both');
    const write = (type: string, extra: Record<string, unknown>): number =>
      writeRecord(transcript, { type, sessionId: 'sess-both', cwd: ws, ...extra });
    const bin = fakeAgentBin();
    const terminal = await shellTerminal('agent and transcript', bin, ws);
    try {
      await vscode.commands.executeCommand('leverage.startTask', { title: 'Claude in a terminal, with its transcript' });
      const start = write('user', { message: { role: 'user', content: 'rename the module' } });
      let finished = false;
      // ~3 s of output in the terminal while the same agent writes its transcript.
      const run = runInTerminal(terminal, 'claude 15 0 0').finally(() => (finished = true));
      let end = start;
      for (let n = 1; !finished; n++) {
        await new Promise((r) => setTimeout(r, 500));
        end = write('assistant', {
          requestId: `r${n}`,
          message: {
            id: `m${n}`,
            role: 'assistant',
            model: 'claude-sonnet-4-5',
            content: [{ type: 'text', text: 'ok' }],
            usage: { input_tokens: 1, output_tokens: 1 },
          },
        });
      }
      assert.equal(await run, 0);
      write('system', { subtype: 'turn_duration', durationMs: end - start });
      const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 1 });
      const printedS = printedSeconds(bin, 'claude');
      const turnS = (end - start) / 1000;
      const aiS = stopped.aiMinutes! * 60;
      hostLog(`    AI ${aiS.toFixed(2)} s: terminal printed ${printedS.toFixed(2)} s, transcript turn ${turnS.toFixed(2)} s`);
      assert.equal(stopped.aiVia, 'claude records + terminal');
      // The turn spans the whole run, so the union is the turn (terminal output lies inside it), never the sum.
      assert.ok(aiS >= turnS - 0.5 && aiS <= turnS + 1.5, `AI ${aiS.toFixed(2)} s is the union, about the ${turnS.toFixed(2)} s turn`);
      assert.ok(aiS < turnS + printedS - 1, 'not the sum of both sources');
    } finally {
      terminal.dispose();
      await claudeRoot.restore();
    }
  });
});
