import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

/** Locations of the offline VS Code host, installed (or found in the cache) by install-host.sh. */
export interface HostInstall {
  readonly node24: string;
  readonly vscodeServer: string;
}

/** Runs test/host/install-host.sh, which installs on a bare machine and reuses its cache after. */
export function installHost(): HostInstall {
  const out = execFileSync('bash', [path.join(REPO_ROOT, 'test', 'host', 'install-host.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = (key: string): string => {
    const line = out.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) throw new Error(`install-host.sh did not report ${key}:\n${out}`);
    return line.slice(key.length + 1).trim();
  };
  return { node24: value('NODE24'), vscodeServer: value('VSCODE_SERVER') };
}
