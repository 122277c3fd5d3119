import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostInstall } from './installHost';

/** A running VS Code server (the real workbench and extension host, served over loopback). */
export interface ServerHost {
  readonly port: number;
  readonly origin: string;
  /** Folder holding user data, extensions and server data for this run. */
  readonly dataDir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`VS Code server did not answer at ${url} within ${timeoutMs} ms`);
}

/** User settings for every test window: no AI chat, no update checks, no telemetry. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
};

function dataArgs(dataDir: string): string[] {
  return [
    '--accept-server-license-terms',
    '--server-data-dir',
    path.join(dataDir, 'server'),
    '--user-data-dir',
    path.join(dataDir, 'user'),
    '--extensions-dir',
    path.join(dataDir, 'extensions'),
  ];
}

/**
 * Starts the server on a free loopback port with throw-away data folders; `vsix`, if given, is
 * installed first the way a user installs a downloaded extension, and `prepare` can seed the
 * user data folder before anything runs.
 */
export async function startServer(
  install: HostInstall,
  logFile: string,
  vsix?: string,
  prepare?: (userDataDir: string) => Promise<void>,
): Promise<ServerHost> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-host-'));
  const serverMain = path.join(install.vscodeServer, 'out', 'server-main.js');
  const env = { ...process.env, VSCODE_AGENT_FOLDER: path.join(dataDir, 'agent') };
  if (vsix) {
    execFileSync(install.node24, [serverMain, ...dataArgs(dataDir), '--install-extension', vsix], { env, stdio: 'pipe' });
  }
  // The workbench's own AI features start background agent processes: noise for tests and benchmarks.
  fs.mkdirSync(path.join(dataDir, 'user', 'User'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS));
  await prepare?.(path.join(dataDir, 'user'));
  // A fresh clone has no test-output/ yet (`npm start` is often the first thing run).
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    install.node24,
    [
      serverMain,
      ...dataArgs(dataDir),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      '--disable-telemetry',
    ],
    { stdio: ['ignore', log, log], env },
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/version`, child, 60_000).catch(async (err: unknown) => {
    child.kill();
    throw err;
  });
  return {
    port,
    origin,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
