import * as path from 'node:path';
import { installHost } from './installHost';
import { REPO_ROOT, TEST_OUTPUT } from './paths';
import { startServer } from './serverHost';
import { tempWorkspace, workbenchUrl } from './workbench';

/**
 * `npm start`: runs the freshly built extension in a real VS Code (the offline server build) and
 * prints the address to open in a browser. Ctrl+C stops it.
 */
async function main(): Promise<void> {
  const host = await startServer(installHost(), path.join(TEST_OUTPUT, 'server-dev.log'));
  const folder = process.env.LEVERAGE_WORKSPACE ?? tempWorkspace('leverage-dev-');
  console.log('\nLeverage Record is running in a real VS Code (extension development host).');
  console.log(`Open this address in a browser:\n\n  ${workbenchUrl(host, { folder, extensionPath: REPO_ROOT })}\n`);
  console.log(`Workspace: ${folder} (set LEVERAGE_WORKSPACE to open another folder). Press Ctrl+C to stop.`);
  const stop = (): void => void host.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
