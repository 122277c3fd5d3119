import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ServerHost } from './serverHost';

/** Debian's chromium, installed by .ci/run / install-host.sh; Playwright never downloads one here. */
const CHROMIUM = process.env.LEVERAGE_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium with the flags this offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What to load into the workbench. */
export interface WorkbenchOptions {
  readonly folder: string;
  /** Load the extension from this folder (development mode); omit to use installed extensions. */
  readonly extensionPath?: string;
  /** Module exporting `run()`, as for @vscode/test-electron; omit for a plain development window. */
  readonly testsPath?: string;
}

/** The workbench URL with a development payload (honoured thanks to --enable-smoke-test-driver). */
export function workbenchUrl(host: ServerHost, options: WorkbenchOptions): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${host.port}${p}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (options.extensionPath) payload.push(['extensionDevelopmentPath', remote(options.extensionPath)]);
  if (options.testsPath) payload.push(['extensionTestsPath', remote(options.testsPath)]);
  return `${host.origin}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * A browser tab that runs extension-host test modules one after another. Navigating the same tab
 * to the next window is what a reload is: the workbench shuts down (saving its state, e.g. open
 * panels) and a new window with a new extension host starts.
 */
export class WorkbenchTab {
  private exited: (code: number) => void = () => undefined;

  private constructor(private readonly page: Page) {}

  /** Opens a tab whose test output goes to `onLine` (mocha's lines arrive through codeAutomationLog). */
  static async open(browser: Browser | BrowserContext, onLine: (line: string) => void): Promise<WorkbenchTab> {
    const tab = new WorkbenchTab(await browser.newPage());
    await tab.page.exposeFunction('codeAutomationExit', (code: number) => tab.exited(code));
    await tab.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => onLine(util.format(...args)));
    return tab;
  }

  /** Loads a window running `options.testsPath` and resolves with the exit code of its run(). */
  async run(host: ServerHost, options: WorkbenchOptions & { testsPath: string }, timeoutMs: number): Promise<number> {
    const exit = new Promise<number>((resolve) => (this.exited = resolve));
    await this.page.goto(workbenchUrl(host, options));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`extension tests did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the tab, letting the workbench shut down. */
  close(): Promise<void> {
    return this.page.close({ runBeforeUnload: true }).catch(() => undefined);
  }
}

/** A fresh empty workspace folder. */
export function tempWorkspace(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type { Browser, Page };
