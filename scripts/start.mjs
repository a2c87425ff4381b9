// `npm start`: builds the widget and the receiver (scripts/build.mjs) and the demo (demo/build.mjs),
// starts the receiver (SQLite in ./data) and the SOCIATEX demo site, and prints where everything
// is. Nothing to configure, no external request. Ctrl-C stops both.
// Ports: 5173 (site) and 8787 (receiver); CACHET_DEMO_PORT / CACHET_RECEIVER_PORT change them.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const sitePort = Number(process.env.CACHET_DEMO_PORT ?? 5173);
const receiverPort = Number(process.env.CACHET_RECEIVER_PORT ?? 8787);
const site = `http://127.0.0.1:${sitePort}`;

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(built.status ?? 1);
}
const { buildDemo } = await import('../demo/build.mjs');
await buildDemo('dist/demo');

const load = (f) => import(pathToFileURL(resolve(f)).href);
const { startReceiver } = await load('dist/receiver/server.mjs');
const { startDemo } = await load('dist/demo/server.mjs');

let receiver;
let demo;
try {
  receiver = await startReceiver({
    port: receiverPort,
    dataDir: 'data',
    // The demo site's records: both loopback names, whatever port it runs on.
    sites: [site, `http://localhost:${sitePort}`],
    log: process.env.CACHET_LOG === '1',
    print: null,
  });
  demo = await startDemo({ port: sitePort, receiverUrl: receiver.url });
} catch (e) {
  console.error(`npm start: could not start: ${e.message}`);
  if (e.code === 'EADDRINUSE')
    console.error('A port is taken: set CACHET_DEMO_PORT and/or CACHET_RECEIVER_PORT.');
  await receiver?.close();
  process.exit(1);
}

const logUrl = `${receiver.url}/log?token=${encodeURIComponent(receiver.adminToken)}`;
const rows = [
  ['Demo site (SOCIATEX)', demo.url],
  ['Configurator', `${demo.origin}/configurator/`],
  ['Consent log', logUrl],
  ['Matomo stand-in hits', `${demo.origin}/matomo/`],
  ['Receiver', `${receiver.url}/  (POST /v1/records, GET /.well-known/jwks.json)`],
  ['Admin token', `${receiver.adminToken}  (kept in data/admin-token)`],
  ['Storage', `SQLite ${receiver.settings.database}`],
];
console.log('\nCachet demo is running:\n');
for (const [k, v] of rows) console.log(`  ${k.padEnd(22)} ${v}`);
console.log('\nCtrl-C stops everything.\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  // A browser may hold connections open: give the servers 3 s, then leave anyway.
  setTimeout(() => process.exit(0), 3000).unref();
  await Promise.allSettled([demo.close(), receiver.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
