import * as assert from 'node:assert/strict';
import { panelHtml, scriptSafeJson } from '../../../src/ui/panel/panelHtml';

describe('panel HTML', () => {
  it('inlines the first data so that no title can close the script element', () => {
    const title = '</script><script>alert(1)</script>\u2028';
    const json = scriptSafeJson({ title });
    assert.equal(json.includes('<'), false);
    assert.deepEqual(JSON.parse(json), { title });
  });

  it('allows scripts only by nonce and loads nothing remote', () => {
    const html = panelHtml({
      cspSource: 'vscode-resource:',
      nonce: 'abc123',
      scriptUri: 'vscode-resource:/panel.js',
      styleUri: 'vscode-resource:/panel.css',
      initialData: { rows: [] },
    });
    assert.match(
      html,
      /default-src 'none'; style-src vscode-resource:; img-src vscode-resource: data:; font-src vscode-resource:; script-src 'nonce-abc123'/,
    );
    assert.equal((html.match(/<script /g) ?? []).length, 2);
    assert.equal((html.match(/nonce="abc123"/g) ?? []).length, 2);
    assert.doesNotMatch(html, /https?:\/\//);
  });
});
