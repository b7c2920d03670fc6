#!/usr/bin/env node
// Entry point of the `reportage` command: runs the TypeScript CLI through tsx's loader, on Node.js 24
// or later. Started by an older node (`node bin/reportage.js …` in a shell whose node is the machine's
// Node 20), it hands over to the Node.js the project pins, node_modules/.bin/node (scripts/setup.sh
// installs it; `npx reportage` and npm scripts find it first on PATH without this step).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NODE_MAJOR_NEEDED = 24;

if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR_NEEDED) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../shared/cli/main.ts');
} else {
  const projectNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
  if (!existsSync(projectNode)) {
    console.error(
      `reportage needs Node.js ${NODE_MAJOR_NEEDED} or later, this is ${process.version}: run \`bash scripts/setup.sh\`, which installs it in node_modules/.bin.`,
    );
    process.exit(1);
  }
  const child = spawn(projectNode, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the whole foreground group, the child included: it decides, as it would alone.
  // A signal sent to this process only (kill <pid>) is passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`reportage: could not start ${projectNode}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
