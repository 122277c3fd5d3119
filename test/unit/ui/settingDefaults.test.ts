import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTING_DEFAULTS } from '../../../src/ui/settingDefaults';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

describe('settings', () => {
  it('package.json declares exactly the settings of SETTING_DEFAULTS, with the same defaults', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const declared = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties).map(([key, p]) => [key.replace(/^leverage\./, ''), p.default]),
    );
    assert.deepEqual(declared, { ...SETTING_DEFAULTS, agents: [...SETTING_DEFAULTS.agents] });
  });
});
