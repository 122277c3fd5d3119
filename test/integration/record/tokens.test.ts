import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Task } from '../../../src/domain/task';
import { leverageApi } from '../harness';

/** A Claude Code transcript line, as Claude Code writes it (one per streamed content block). */
function assistantLine(messageId: string, requestId: string | undefined, cwd: string, output: number): string {
  return JSON.stringify({
    type: 'assistant',
    timestamp: new Date().toISOString(),
    sessionId: 'sess-1',
    cwd,
    requestId,
    message: {
      id: messageId,
      model: 'claude-sonnet-4-5',
      usage: { input_tokens: 100, output_tokens: output, cache_creation_input_tokens: 1_000, cache_read_input_tokens: 20_000 },
    },
  });
}

describe('tokens from Claude Code logs (real extension host)', function () {
  this.timeout(60_000);

  it('usage appended to a log root while a task runs is counted once per response, for this workspace only', async () => {
    const api = await leverageApi();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-claude-root-'));
    await vscode.workspace.getConfiguration('leverage').update('tokens.claudeRoots', [root], vscode.ConfigurationTarget.Workspace);
    const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const project = path.join(root, 'projects', ws.replace(/[^a-zA-Z0-9]/g, '-'));
    fs.mkdirSync(project, { recursive: true });
    const log = path.join(project, 'sess-1.jsonl');

    await vscode.commands.executeCommand('leverage.startTask', { title: 'Count my tokens' });
    fs.writeFileSync(
      log,
      [
        JSON.stringify({
          type: 'user',
          timestamp: new Date().toISOString(),
          cwd: ws,
          message: { role: 'user', content: 'add CSV export' },
        }),
        assistantLine('msg_1', 'req_1', ws, 5), // streamed copy …
        assistantLine('msg_1', 'req_1', ws, 400), // … and the final one: counted once, as 400
        '{"this is not json',
      ].join('\n') + '\n',
    );
    await api.scanTokens();
    fs.appendFileSync(
      log,
      [
        assistantLine('msg_2', undefined, path.join(ws, 'src'), 600), // no requestId: keyed on message.id
        assistantLine('msg_2', undefined, path.join(ws, 'src'), 600),
        assistantLine('msg_3', 'req_3', '/some/other/project', 999), // another project: not this task's
      ].join('\n') + '\n',
    );
    const stopped = await vscode.commands.executeCommand<Task>('leverage.stopTask', { estimateHours: 1 });
    const expected = 100 + 400 + 1_000 + 20_000 + (100 + 600 + 1_000 + 20_000);
    assert.equal(stopped.tokens, expected);
    assert.equal(stopped.tokensSource, 'measured');
    const { costUsd, ...split } = stopped.tokensDetail!;
    assert.deepEqual(split, {
      input: 200,
      output: 1_000,
      cacheCreation: 2_000,
      cacheRead: 40_000,
      models: { 'claude-sonnet-4-5': expected },
      unpricedModels: [],
    });
    // Sonnet list prices per million: $3 in, $15 out, $3.75 cache write, $0.30 cache read.
    assert.ok(Math.abs(costUsd - (200 * 3 + 1_000 * 15 + 2_000 * 3.75 + 40_000 * 0.3) / 1e6) < 1e-9, `cost ${costUsd}`);

    // The panel shows the split in the tooltip, and the cost estimate only when it is turned on.
    const view = { range: { kind: 'today' }, sort: { key: 'index', descending: true }, limit: 100 };
    const load = async () => {
      const reply = await api.panelMessage({ type: 'request', requestId: 50, request: { type: 'load', view } });
      assert.ok(reply?.type === 'reply' && reply.ok && reply.data);
      return reply.data;
    };
    let data = await load();
    let row = data.rows.find((r) => r.id === stopped.id)!;
    assert.match(row.tokensTitle, /input 200 · output 1,000 · cache write 2,000 · cache read 40,000 — claude-sonnet-4-5: 43k/);
    assert.doesNotMatch(row.tokensTitle, /\$/);
    assert.equal(data.totals.text.cost, null);
    await vscode.workspace.getConfiguration('leverage').update('tokens.showCostEstimate', true, vscode.ConfigurationTarget.Workspace);
    data = await load();
    row = data.rows.find((r) => r.id === stopped.id)!;
    assert.match(row.tokensTitle, /≈ \$0\.04 estimated at list prices of \d{4}-\d{2}/);
    assert.match(data.totals.text.cost ?? '', /^≈ \$\d+\.\d{2}$/);
  });
});
