#!/usr/bin/env node
// CLI around orthanc-control.mjs:
//   node scripts/archive/orthanc.mjs start [id...]   (default: every archive in scripts/archives.json)
//   node scripts/archive/orthanc.mjs stop [id...]
//   node scripts/archive/orthanc.mjs status
import { archiveConfig, archiveStatus, startArchive, stopArchive } from './orthanc-control.mjs';

const USAGE = 'usage: node scripts/archive/orthanc.mjs start|stop|status [archive-id...]';

function selectedIds(args) {
  return args.length > 0 ? args : archiveConfig().map((a) => a.id);
}

async function startAll(ids) {
  // Sequential on purpose: parallel Orthanc boots on 2 cores only slow each other down.
  for (const id of ids) {
    const started = Date.now();
    const result = await startArchive(id);
    const verb = result.started ? 'started' : 'already running';
    console.log(`${id}: ${verb} (pid ${result.pid}, ${result.url}, ${Date.now() - started} ms)`);
  }
}

async function stopAll(ids) {
  const results = await Promise.all(ids.map((id) => stopArchive(id)));
  for (const r of results) console.log(`${r.id}: ${r.stopped ? `stopped (pid ${r.pid})` : 'was not running'}`);
}

async function main([command, ...args]) {
  switch (command) {
    case 'start':
      return startAll(selectedIds(args));
    case 'stop':
      return stopAll(selectedIds(args));
    case 'status':
      return console.log(JSON.stringify(await archiveStatus(), null, 2));
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
