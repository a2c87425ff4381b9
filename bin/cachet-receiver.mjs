#!/usr/bin/env node
// cachet-receiver: runs the built receiver CLI (dist/receiver/cli.mjs); `--help` lists everything.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/receiver/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('cachet-receiver: dist/receiver/cli.mjs is missing; run npm run build first');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
