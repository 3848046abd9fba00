/**
 * What happens between the authorization server handing back a code and the patient's
 * timeline: read the launch patient from FHIR, map its identifiers to archive records, and,
 * when the EHR named a study, check in the archives that the study is that patient's.
 * Every failure is a sentence for the clinician; none names a patient ID.
 */
import type FHIR from 'fhirclient';
import type { ArchiveClient, StudySummary, ViewerConfig } from '@longview/dicomweb';
import {
  checkStudyMatchesPatient,
  launchStudyOf,
  parseSmartLaunchConfig,
  recordsFromIdentifiers,
  studyUidOfImagingStudy,
  type FhirIdentifierLike,
  type LaunchRecord,
  type SmartLaunchConfig,
} from '@longview/launch';

type SmartClient = Awaited<ReturnType<typeof FHIR.oauth2.ready>>;

export type SmartLaunchOutcome =
  | { kind: 'ready'; records: LaunchRecord[]; highlightedStudies?: string[] }
  | { kind: 'refused'; title: string; reason: string };

/** The `launch.smart` section of config.json (the viewer's parsed config keeps only what it uses). */
export async function loadSmartConfig(url = `${import.meta.env.BASE_URL}config.json`): Promise<SmartLaunchConfig | string> {
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    const result = parseSmartLaunchConfig(await response.json());
    if (result.kind === 'ok') return result.config;
    return result.kind === 'absent' ? 'This viewer is not configured for SMART on FHIR launches (config.json "launch.smart").' : result.problem;
  } catch {
    return 'The viewer configuration could not be read.';
  }
}

/** Where the study the launch names lives, and whose it is, by asking every archive (QIDO-RS). */
async function findStudy(archives: readonly ArchiveClient[], studyUid: string, search: StudySearch) {
  const answers = await Promise.allSettled(archives.map(async (archive) => ({ archive, studies: await search(archive, studyUid) })));
  for (const answer of answers) {
    if (answer.status !== 'fulfilled') continue;
    const study = answer.value.studies.find((s) => s.studyInstanceUid === studyUid);
    if (study) return { archive: answer.value.archive, study };
  }
  return undefined;
}

type StudySearch = (archive: ArchiveClient, studyUid: string) => Promise<StudySummary[]>;

export async function completeSmartLaunch(
  client: SmartClient,
  config: Pick<ViewerConfig, 'identity' | 'launch'>,
  archives: readonly ArchiveClient[],
  searchStudyByUid: StudySearch,
): Promise<SmartLaunchOutcome> {
  const tokenResponse = (client.state.tokenResponse ?? {}) as Record<string, unknown>;
  const patientId = typeof tokenResponse.patient === 'string' ? tokenResponse.patient : undefined;
  if (!patientId) return { kind: 'refused', title: 'No patient in the launch', reason: 'The EHR did not say which patient to open.' };
  let patient: { resourceType?: unknown; id?: unknown; identifier?: unknown };
  try {
    patient = await client.request(`Patient/${encodeURIComponent(patientId)}`);
  } catch {
    return { kind: 'refused', title: 'The EHR did not answer', reason: "The patient's record could not be read from the EHR's FHIR server." };
  }
  if (patient.resourceType !== 'Patient' || patient.id !== patientId) {
    return { kind: 'refused', title: 'Unexpected answer from the EHR', reason: 'The EHR answered with a record other than the launch patient.' };
  }
  const identifiers = Array.isArray(patient.identifier) ? (patient.identifier as FhirIdentifierLike[]) : [];
  const { records, skipped } = recordsFromIdentifiers(identifiers, config);
  if (records.length === 0) {
    const systems = [...new Set(skipped.map((s) => s.system ?? '(no system)'))].join(', ') || 'none';
    return {
      kind: 'refused',
      title: 'No archive knows this patient',
      reason: `None of the patient's identifiers belongs to an authority the archives are configured for (identifier systems: ${systems}).`,
    };
  }

  const named = launchStudyOf(tokenResponse);
  if (named.kind === 'none') return { kind: 'ready', records };
  if (named.kind === 'invalid') return { kind: 'refused', title: 'The study cannot be identified', reason: named.problem };
  let studyUid = named.kind === 'uid' ? named.studyUid : undefined;
  if (named.kind === 'reference') {
    try {
      studyUid = studyUidOfImagingStudy(await client.request(`ImagingStudy/${encodeURIComponent(named.imagingStudyId)}`));
    } catch {
      studyUid = undefined;
    }
    if (!studyUid) return { kind: 'refused', title: 'The study cannot be identified', reason: 'The EHR named a study whose DICOM UID could not be read.' };
  }
  const found = await findStudy(archives, studyUid as string, searchStudyByUid);
  if (!found) return { kind: 'refused', title: 'Study not found', reason: 'The study the EHR named is in none of the archives that answered.' };
  const otherIds = await found.archive.otherPatientIds(found.study).catch(() => undefined);
  const guard = checkStudyMatchesPatient(
    { patientId: found.study.patientId, issuer: found.study.issuerOfPatientId, archiveIssuer: found.archive.config.patientIdIssuer, otherIds },
    records,
    config.identity,
  );
  if (guard.kind === 'refused') return { kind: 'refused', title: 'This study is not shown', reason: guard.reason };
  return { kind: 'ready', records, highlightedStudies: [`${found.archive.id}/${studyUid}`] };
}
