/** Agent CLIs recognised out of the box; the `leverage.agents` setting replaces this list. */
export const DEFAULT_AGENTS: readonly string[] = [
  'claude',
  'codex',
  'aider',
  'gemini',
  'opencode',
  'amp',
  'cursor-agent',
  'copilot',
  'goose',
  'qwen',
  'crush',
];

/** npm/PyPI package names that run an agent under another name (`npx @openai/codex`). */
const PACKAGE_AGENTS: Readonly<Record<string, string>> = {
  '@anthropic-ai/claude-code': 'claude',
  '@openai/codex': 'codex',
  '@google/gemini-cli': 'gemini',
  'opencode-ai': 'opencode',
  '@sourcegraph/amp': 'amp',
  '@github/copilot': 'copilot',
  '@qwen-code/qwen-code': 'qwen',
  '@charmland/crush': 'crush',
  'aider-chat': 'aider',
};

/** Wrappers that run the next word as the program (`npx -y claude`, `pnpm dlx codex`, `uvx aider-chat`). */
const RUNNERS: Readonly<Record<string, readonly string[]>> = {
  npx: [],
  bunx: [],
  uvx: [],
  pipx: ['run'],
  pnpm: ['dlx', 'exec'],
  yarn: ['dlx', 'exec'],
  npm: ['exec', 'x'],
  bun: ['x'],
  env: [],
  sudo: [],
  time: [],
  nohup: [],
  exec: [],
  command: [],
  nice: [],
};

/** Splits a shell command line into words, honouring quotes and backslashes; stops at the first operator. */
function words(commandLine: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < commandLine.length; i++) {
    const c = commandLine[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < commandLine.length) current += commandLine[++i];
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
      continue;
    }
    // A backslash escapes shell specials only; before anything else it is a Windows path separator.
    if (c === '\\' && i + 1 < commandLine.length && /[\s"'\\$`;|&<>()]/.test(commandLine[i + 1])) {
      current += commandLine[++i];
      inWord = true;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) out.push(current);
      current = '';
      inWord = false;
      continue;
    }
    if (';|&<>()'.includes(c)) break; // only the first command of a pipeline or list is looked at
    current += c;
    inWord = true;
  }
  if (inWord) out.push(current);
  return out;
}

/** `~/.local/bin/claude.exe` → `claude`; `C:\tools\codex.cmd` → `codex`. */
function programName(word: string): string {
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.replace(/\.(exe|cmd|bat|ps1|js|mjs|sh)$/i, '').toLowerCase();
}

/** `@openai/codex@latest` → `@openai/codex`. */
function packageName(word: string): string {
  const at = word.indexOf('@', 1);
  return (at > 0 ? word.slice(0, at) : word).toLowerCase();
}

/**
 * The agent a shell command line starts, or undefined. Looks past leading `VAR=value`
 * assignments, wrappers (`env`, `sudo`, `time`, `npx`, `bunx`, `pnpm dlx`, `uvx`, ...) and their
 * flags, paths and Windows suffixes; recognises agents by executable or by package name.
 */
export function matchAgent(commandLine: string, agents: readonly string[] = DEFAULT_AGENTS): string | undefined {
  const known = new Set(agents.map((a) => a.toLowerCase()));
  const list = words(commandLine.trim());
  let i = 0;
  for (let guard = 0; guard < 8 && i < list.length; guard++) {
    while (i < list.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(list[i])) i++; // FOO=1 claude
    if (i >= list.length) return undefined;
    const word = list[i];
    const fromPackage = PACKAGE_AGENTS[packageName(word)];
    if (fromPackage && known.has(fromPackage)) return fromPackage;
    const name = programName(word);
    if (known.has(name)) return name;
    const runner = RUNNERS[name];
    if (!runner) return undefined;
    i++;
    if (i < list.length && runner.includes(list[i])) i++; // pnpm dlx, npm exec, pipx run
    while (i < list.length && list[i].startsWith('-')) {
      // flags of the wrapper: `npx -y`, `npx --package=x`, `nice -n 10`
      const flag = list[i++];
      if ((flag === '-n' || flag === '-p' || flag === '--package' || flag === '-u') && i < list.length) i++;
    }
  }
  return undefined;
}
