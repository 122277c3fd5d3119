import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sumBuckets, type TokenBuckets } from '../../../src/domain/tokens';

/** A ccusage release compared against, and the npm packages `npx` needs to run it. */
export interface Peer {
  readonly name: string;
  readonly packages: readonly string[];
  /** The package holding a native executable at `bin/ccusage`, which can be timed without npx and the Node shim. */
  readonly nativePackage?: string;
}

/**
 * The peers, side by side in one run: ccusage 18 (TypeScript on Node) and ccusage 20 (a Rust
 * binary shipped as a per-platform npm package; 20.0.24 is the newest whose native package is served).
 */
export const PEERS: readonly Peer[] = [
  { name: 'ccusage@18.0.11', packages: ['ccusage@18.0.11'] },
  {
    name: 'ccusage@20.0.24',
    packages: ['ccusage@20.0.24', `@ccusage/ccusage-${process.platform}-${process.arch}@20.0.24`],
    nativePackage: `@ccusage/ccusage-${process.platform}-${process.arch}`,
  },
];

/** One timed ccusage run. */
export interface CcusageRun {
  readonly ms: number;
  readonly totals?: TokenBuckets;
  readonly error?: string;
}

/** Shape of the `daily --json` output read here. */
interface DailyJson {
  daily: { inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number }[];
}

/**
 * Runs `npx --yes -p <package> … ccusage <args>` on one corpus only: HOME points at an empty folder so the
 * machine's own ~/.claude and ~/.config/claude stay out, while npm keeps using the real cache.
 */
export async function runCcusage(
  peer: Peer,
  corpusRoot: string | undefined,
  args: readonly string[],
  executable?: string,
): Promise<CcusageRun & { stdout: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ccusage-home-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    npm_config_update_notifier: 'false',
    CLAUDE_CONFIG_DIR: corpusRoot ?? '',
  };
  const t0 = performance.now();
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const [command, commandArgs] =
        executable === undefined ? ['npx', ['--yes', ...peer.packages.flatMap((p) => ['-p', p]), 'ccusage', ...args]] : [executable, args];
      const child = spawn(command, commandArgs, {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [],
        err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    });
    const ms = performance.now() - t0;
    if (code !== 0)
      return {
        ms,
        stdout,
        error: `exit ${code}: ${stderr
          .split('\n')
          .filter((l) => !l.startsWith('npm warn'))
          .join(' ')
          .slice(0, 400)}`,
      };
    return { ms, stdout };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The peer's native executable (installed by npx next to the `ccusage` Node shim), or undefined
 * when it ships none or it cannot be found.
 */
export async function nativeExecutable(peer: Peer): Promise<string | undefined> {
  if (peer.nativePackage === undefined) return undefined;
  const shim = await new Promise<string>((resolve) => {
    const child = spawn('npx', ['--yes', ...peer.packages.flatMap((p) => ['-p', p]), 'sh', '-c', 'readlink -f "$(command -v ccusage)"'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(out.trim()));
  });
  // The shim is <node_modules>/ccusage/src/cli.js; the native package lies beside its package.
  const executable = path.resolve(path.dirname(shim), '..', '..', peer.nativePackage, 'bin', 'ccusage');
  return shim !== '' && fs.existsSync(executable) ? executable : undefined;
}

/** ccusage's daily report summed over all days (run through npx, or the given native executable). */
export async function ccusageTotals(peer: Peer, corpusRoot: string, executable?: string): Promise<CcusageRun> {
  const run = await runCcusage(peer, corpusRoot, ['daily', '--json', '--offline'], executable);
  if (run.error !== undefined) return { ms: run.ms, error: run.error };
  try {
    const json = JSON.parse(run.stdout) as DailyJson;
    const totals = sumBuckets(
      json.daily.map((d) => ({
        input: d.inputTokens,
        output: d.outputTokens,
        cacheCreation: d.cacheCreationTokens,
        cacheRead: d.cacheReadTokens,
      })),
    );
    return { ms: run.ms, totals };
  } catch (e) {
    return { ms: run.ms, error: `unreadable output: ${String(e)}` };
  }
}
