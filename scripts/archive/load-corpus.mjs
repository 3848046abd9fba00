#!/usr/bin/env node
// Uploads every archived instance of .data/corpus/manifest.json to its
// Orthanc archive (study.archive -> archive id) through POST /instances.
// Studies of a static archive (kind "static" in scripts/archives.json) are left
// alone: scripts/static-archive/build.mjs writes those as files.
// Instances already stored with identical bytes are skipped, so re-running
// is cheap; a changed file (regenerated corpus) replaces the stored copy
// because the archives run with OverwriteInstances=true.
// Usage: node scripts/archive/load-corpus.mjs
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { archiveById, isArchiveUp } from './orthanc-control.mjs';
import { archivedInstances, readManifest, staticArchiveIds } from './corpus-manifest.mjs';

const CONCURRENCY = 4;

async function orthancJson(baseUrl, method, route, body, contentType) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    body,
    headers: contentType ? { 'Content-Type': contentType } : {},
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** Orthanc id of the stored instance with this SOP Instance UID, or null. */
async function lookupInstance(baseUrl, sopInstanceUid) {
  const matches = await orthancJson(baseUrl, 'POST', '/tools/lookup', sopInstanceUid, 'text/plain');
  return matches.find((match) => match.Type === 'Instance')?.ID ?? null;
}

async function storedMd5(baseUrl, orthancId) {
  const response = await fetch(`${baseUrl}/instances/${orthancId}/attachments/dicom/md5`);
  return response.ok ? (await response.text()).trim() : null;
}

async function uploadInstance(baseUrl, instance) {
  const bytes = fs.readFileSync(instance.path);
  const md5 = createHash('md5').update(bytes).digest('hex');
  const existingId = await lookupInstance(baseUrl, instance.sopInstanceUid);
  if (existingId && (await storedMd5(baseUrl, existingId)) === md5) return { status: 'skipped', bytes: 0 };

  const answer = await orthancJson(baseUrl, 'POST', '/instances', bytes, 'application/dicom');
  if (answer.Status !== 'Success' && answer.Status !== 'AlreadyStored') {
    throw new Error(`Orthanc answered ${JSON.stringify(answer)}`);
  }
  return { status: existingId ? 'replaced' : 'uploaded', bytes: bytes.length };
}

/**
 * QIDO answers are built from Orthanc's index and re-encoded in its default encoding: with
 * Latin1 (Orthanc's default) the CJK text of the hostile studies is silently dropped. Archives
 * started before orthancSettings set DefaultEncoding get it at run time (not persisted).
 */
async function ensureUtf8Answers(baseUrl) {
  const response = await fetch(`${baseUrl}/tools/default-encoding`, { method: 'PUT', body: 'Utf8' });
  if (!response.ok) throw new Error(`PUT /tools/default-encoding -> HTTP ${response.status}`);
}

async function loadArchive(archiveId, instances) {
  const archive = archiveById(archiveId);
  if (!(await isArchiveUp(archiveId))) {
    throw new Error(`Archive "${archiveId}" is not running; start it with: node scripts/archive/orthanc.mjs start ${archiveId}`);
  }
  await ensureUtf8Answers(archive.baseUrl);
  const counts = { uploaded: 0, replaced: 0, skipped: 0, failed: 0, bytesUploaded: 0 };
  const failures = [];
  let next = 0;
  async function worker() {
    while (next < instances.length) {
      const instance = instances[next++];
      try {
        const result = await uploadInstance(archive.baseUrl, instance);
        counts[result.status] += 1;
        counts.bytesUploaded += result.bytes;
      } catch (error) {
        counts.failed += 1;
        failures.push(`${instance.file} (${instance.seriesKey} #${instance.instanceNumber}): ${error.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { counts, failures };
}

function groupByArchive(instances) {
  const groups = new Map();
  for (const instance of instances) {
    if (!groups.has(instance.archive)) groups.set(instance.archive, []);
    groups.get(instance.archive).push(instance);
  }
  return groups;
}

async function main() {
  const started = performance.now();
  const manifest = readManifest();
  const summary = { instances: 0, archives: {} };
  const failures = [];
  const staticIds = staticArchiveIds();
  for (const [archiveId, instances] of groupByArchive(archivedInstances(manifest))) {
    if (staticIds.has(archiveId)) {
      summary.archives[archiveId] = { static: true, notUploaded: instances.length };
      continue;
    }
    const result = await loadArchive(archiveId, instances);
    summary.instances += instances.length;
    summary.archives[archiveId] = result.counts;
    failures.push(...result.failures);
  }
  summary.ms = Math.round(performance.now() - started);
  console.log(JSON.stringify(summary));
  if (failures.length > 0) {
    console.error(`${failures.length} instance(s) were rejected or failed to upload:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
