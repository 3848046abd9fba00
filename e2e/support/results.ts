import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveById } from '../../scripts/archive/orthanc-control.mjs';

/**
 * The archive's side of saved results, read straight from the Orthanc behind the viewer
 * (QIDO-RS and its REST API on loopback), never through the viewer under test.
 */

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

function orthanc(archiveId: string): { baseUrl: string; dicomWebUrl: string } {
  return archiveById(archiveId) as { baseUrl: string; dicomWebUrl: string };
}

const text = (json: DicomJson | undefined, tag: string): string | undefined => {
  const value = json?.[tag]?.Value?.[0];
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic: unknown }).Alphabetic);
  return value === undefined ? undefined : String(value);
};
const items = (json: DicomJson | undefined, tag: string): DicomJson[] => (json?.[tag]?.Value ?? []) as DicomJson[];

export interface StoredInstance {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  manufacturer: string | undefined;
  metadata: DicomJson;
}

/** Every instance of a modality (SR, KO) in a study, with its full metadata. */
export async function storedInstances(archiveId: string, studyUid: string, modality: 'SR' | 'KO'): Promise<StoredInstance[]> {
  const { dicomWebUrl } = orthanc(archiveId);
  const seriesAnswer = await fetch(`${dicomWebUrl}/studies/${studyUid}/series?Modality=${modality}`);
  if (seriesAnswer.status === 204) return [];
  const series = ((await seriesAnswer.json()) as DicomJson[]).map((s) => text(s, '0020000E') as string);
  const found: StoredInstance[] = [];
  for (const seriesUid of series) {
    const metadata = (await (await fetch(`${dicomWebUrl}/studies/${studyUid}/series/${seriesUid}/metadata`)).json()) as DicomJson[];
    for (const instance of metadata) {
      found.push({ seriesInstanceUid: seriesUid, sopInstanceUid: text(instance, '00080018') as string, manufacturer: text(instance, '00080070'), metadata: instance });
    }
  }
  return found;
}

/** What Longview wrote into the study (its Manufacturer is "Longview"), oldest first by content time. */
export async function longviewResults(archiveId: string, studyUid: string, modality: 'SR' | 'KO'): Promise<StoredInstance[]> {
  const all = await storedInstances(archiveId, studyUid, modality);
  return all
    .filter((instance) => instance.manufacturer === 'Longview')
    .sort((a, b) => `${text(a.metadata, '00080023')}${text(a.metadata, '00080033')}`.localeCompare(`${text(b.metadata, '00080023')}${text(b.metadata, '00080033')}`));
}

/** Deletes what earlier runs saved into the study (the archive keeps its storage between local runs). */
export async function removeLongviewResults(archiveId: string, studyUid: string): Promise<void> {
  const { baseUrl } = orthanc(archiveId);
  for (const modality of ['SR', 'KO'] as const) {
    for (const instance of await longviewResults(archiveId, studyUid, modality)) {
      const lookup = (await (await fetch(`${baseUrl}/tools/lookup`, { method: 'POST', body: instance.sopInstanceUid })).json()) as Array<{ ID: string; Type: string }>;
      for (const found of lookup.filter((entry) => entry.Type === 'Instance')) await fetch(`${baseUrl}/instances/${found.ID}`, { method: 'DELETE' });
    }
  }
}

/** The stored Part-10 file of an instance, written to a temporary file (for dcmtk). */
export async function storedFile(archiveId: string, sopInstanceUid: string): Promise<string> {
  const { baseUrl } = orthanc(archiveId);
  const lookup = (await (await fetch(`${baseUrl}/tools/lookup`, { method: 'POST', body: sopInstanceUid })).json()) as Array<{ ID: string; Type: string }>;
  const id = lookup.find((entry) => entry.Type === 'Instance')?.ID;
  if (!id) throw new Error(`${sopInstanceUid} is not in ${archiveId}`);
  const bytes = new Uint8Array(await (await fetch(`${baseUrl}/instances/${id}/file`)).arrayBuffer());
  const file = join(mkdtempSync(join(tmpdir(), 'longview-sr-')), 'instance.dcm');
  writeFileSync(file, bytes);
  return file;
}

/** dcmtk's dsrdump of a stored SR, in its strict default mode: what it printed, and what it complained of. */
export function dsrdump(file: string): { status: number | null; dump: string; complaints: string } {
  const run = spawnSync('dsrdump', [file], { encoding: 'utf8' });
  return { status: run.status, dump: run.stdout, complaints: run.stderr };
}

/** SOP Instance UIDs a document's Predecessor Documents Sequence names. */
export function predecessorsOf(metadata: DicomJson): string[] {
  return items(metadata, '0040A360').flatMap((study) =>
    items(study, '00081115').flatMap((series) => items(series, '00081199').map((sop) => text(sop, '00081155') as string)),
  );
}

/** The SOP Instance UIDs of a KOS's IMAGE items (its content tree, any depth). */
export function referencedImagesOf(metadata: DicomJson): string[] {
  const found: string[] = [];
  const visit = (item: DicomJson) => {
    if (text(item, '0040A040') === 'IMAGE') for (const sop of items(item, '00081199')) found.push(text(sop, '00081155') as string);
    items(item, '0040A730').forEach(visit);
  };
  visit(metadata);
  return found;
}
