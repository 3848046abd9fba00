// Builds the static DICOMweb tree of every archive of kind "static" in scripts/archives.json
// from the instances the corpus manifest assigns to it. Cheap when nothing changed: the tree
// carries a stamp of its input (the instances' sha256 and this builder's version) and is
// rebuilt only when the stamp differs, into a temporary directory swapped in at the end, so
// a server never sees half a tree.
//
//   node scripts/static-archive/build.mjs [--force]
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { archivedInstances, readManifest } from '../archive/corpus-manifest.mjs';
import { REPO_ROOT } from '../archive/orthanc-control.mjs';
import { STAMP_FILE } from './layout.mjs';
import { writeTree } from './tree.mjs';

/** Raise when the tree's layout or content rules change, so existing trees are rebuilt. */
const BUILDER_VERSION = 1;

/** The static archives of scripts/archives.json, with their roots made absolute. */
export function staticArchiveConfig() {
  const { archives } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'archives.json'), 'utf8'));
  return archives.filter((archive) => archive.kind === 'static').map((archive) => ({ ...archive, root: path.resolve(REPO_ROOT, archive.root) }));
}

function sha256OfFile(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** What a tree is built from: the builder's version and each instance's content, in a stable order. */
export function inputStamp(archiveId, instances) {
  const lines = instances.map((instance) => `${instance.sopInstanceUid} ${instance.sha256 ?? sha256OfFile(instance.path)}`).sort();
  const digest = createHash('sha256').update(`${BUILDER_VERSION}\n${archiveId}\n${lines.join('\n')}`).digest('hex');
  return { builderVersion: BUILDER_VERSION, archive: archiveId, instances: instances.length, digest };
}

function readStamp(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, STAMP_FILE), 'utf8'));
  } catch {
    return undefined; // no tree yet, or one from before stamps: build
  }
}

/** Replaces `root` by `built`; the old tree is moved aside first because rename cannot replace a directory. */
function swapIn(built, root) {
  const old = `${root}.old-${process.pid}`;
  if (fs.existsSync(root)) fs.renameSync(root, old);
  fs.renameSync(built, root);
  fs.rmSync(old, { recursive: true, force: true });
}

export async function buildStaticArchive(archive, instances, { force = false } = {}) {
  const stamp = inputStamp(archive.id, instances);
  if (!force && readStamp(archive.root)?.digest === stamp.digest) return { archive: archive.id, event: 'unchanged', instances: instances.length };
  const started = performance.now();
  const building = `${archive.root}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  try {
    const counts = await writeTree(instances, building);
    fs.writeFileSync(path.join(building, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    swapIn(building, archive.root);
    return { archive: archive.id, event: 'built', ...counts, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    // Another process (a second test run) may have swapped in the same tree a moment earlier.
    if (readStamp(archive.root)?.digest === stamp.digest) return { archive: archive.id, event: 'unchanged', instances: instances.length };
    throw error;
  }
}

export async function buildStaticArchives({ force = false } = {}) {
  const instances = archivedInstances(readManifest());
  const results = [];
  for (const archive of staticArchiveConfig()) {
    results.push(await buildStaticArchive(archive, instances.filter((instance) => instance.archive === archive.id), { force }));
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await buildStaticArchives({ force: process.argv.includes('--force') })) {
    console.log(JSON.stringify({ event: `static-archive-${result.event}`, ...result }));
  }
}
