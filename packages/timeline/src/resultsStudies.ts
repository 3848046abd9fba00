import type { DicomJson } from '@longview/dicom-meta';
import { studyResultsInWords } from './results';
import type { AttachedResultsStudy, ResultsStudyStanding, TimelineStudy } from './studyEntries';

/**
 * Results stored in a study of their own. AI systems (and some workstations) often store a SEG,
 * an RTSTRUCT or a report under a new StudyInstanceUID of the same patient: on the timeline it is
 * not a study of its own but results about another one, so it is attached to the study it
 * describes (a badge on that card). Only what the data says decides: the modalities say it holds
 * results only, and one instance's references name the study it describes.
 */

/** Modalities that hold what a reader or a program made about images, never images. */
const RESULT_MODALITIES: ReadonlySet<string> = new Set(['SEG', 'RTSTRUCT', 'SR', 'KO', 'PR']);

/** Whether a study holds results only (its modalities from the study search), no image of its own. */
export function isResultsOnlyStudy(modalities: readonly string[]): boolean {
  return modalities.length > 0 && modalities.every((modality) => RESULT_MODALITIES.has(modality));
}

/**
 * Sequences whose items name a study by its StudyInstanceUID (0020,000D): Studies Containing Other
 * Referenced Instances (0008,1200, a SEG's or an RTSTRUCT's images in another study), and an SR's or
 * a KO's Current Requested Procedure Evidence (0040,A375) and Pertinent Other Evidence (0040,A385).
 */
const STUDY_REFERENCE_SEQUENCES = ['00081200', '0040A375', '0040A385'] as const;
const STUDY_INSTANCE_UID = '0020000D';
/** Referenced Study Sequence (0008,1110): its items name the study as Referenced SOP Instance UID (0008,1155). */
const REFERENCED_STUDY_SEQUENCE = '00081110';
const REFERENCED_SOP_INSTANCE_UID = '00081155';

function itemsOf(metadata: DicomJson, tag: string): DicomJson[] {
  const values = metadata[tag]?.Value ?? [];
  return values.filter((item): item is DicomJson => typeof item === 'object' && item !== null);
}

function uidOf(item: DicomJson, tag: string): string | undefined {
  const value = item[tag]?.Value?.[0];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The studies other than its own that one instance's metadata names, each once, in the order found. */
export function studiesReferencedBy(metadata: DicomJson): string[] {
  const own = uidOf(metadata, STUDY_INSTANCE_UID);
  const named = [
    ...STUDY_REFERENCE_SEQUENCES.flatMap((tag) => itemsOf(metadata, tag).map((item) => uidOf(item, STUDY_INSTANCE_UID))),
    ...itemsOf(metadata, REFERENCED_STUDY_SEQUENCE).map((item) => uidOf(item, REFERENCED_SOP_INSTANCE_UID)),
  ];
  return [...new Set(named.filter((uid): uid is string => uid !== undefined && uid !== own))];
}

/** What is known of the studies a results-only study names: undefined while reading, 'unreadable' when it failed. */
export type StudyReferences = readonly string[] | 'unreadable' | undefined;

/** The study `references` names that is on the timeline and holds more than results: the same archive's first. */
function describedStudyOf(entry: TimelineStudy, references: readonly string[], entries: readonly TimelineStudy[]): TimelineStudy | undefined {
  const candidates = entries.filter((other) => references.includes(other.studyInstanceUid) && !isResultsOnlyStudy(other.modalities));
  return candidates.find((other) => other.archiveId === entry.archiveId) ?? candidates[0];
}

function standingOf(references: StudyReferences): ResultsStudyStanding {
  if (references === undefined) return { kind: 'checking' };
  if (references === 'unreadable') return { kind: 'unreadable' };
  if (references.length === 0) return { kind: 'names-no-study' };
  return { kind: 'not-on-timeline', studyUids: references };
}

const attachedOf = (entry: TimelineStudy): AttachedResultsStudy => ({
  key: entry.key,
  archiveId: entry.archiveId,
  studyInstanceUid: entry.studyInstanceUid,
  studyDate: entry.studyDate,
  description: entry.description,
  modalities: entry.modalities,
});

/**
 * The timeline's cards: each results-only study whose references name a study on this timeline
 * (one patient's, reconciled: nothing of another patient is ever among `entries`) is attached to
 * that study and is no card of its own; every other results-only study stays a card that says why
 * (never hidden). `referencesOf` gives what one instance of a results-only study names.
 */
export function attachResultsStudies(entries: readonly TimelineStudy[], referencesOf: (entry: TimelineStudy) => StudyReferences): TimelineStudy[] {
  const attachedTo = new Map<string, AttachedResultsStudy[]>();
  const standing = new Map<string, ResultsStudyStanding>();
  for (const entry of entries) {
    if (!isResultsOnlyStudy(entry.modalities)) continue;
    const references = referencesOf(entry);
    const described = Array.isArray(references) ? describedStudyOf(entry, references, entries) : undefined;
    if (described) attachedTo.set(described.key, [...(attachedTo.get(described.key) ?? []), attachedOf(entry)]);
    else standing.set(entry.key, standingOf(references));
  }
  const attachedKeys = new Set([...attachedTo.values()].flat().map((attached) => attached.key));
  return entries
    .filter((entry) => !attachedKeys.has(entry.key))
    .map((entry) => ({ ...entry, attachedResults: attachedTo.get(entry.key) ?? [], resultsStanding: standing.get(entry.key) }));
}

/** "segmentations and structured reports (...) stored in a separate study", per attached study; '' when none. */
export function attachedResultsInWords(attached: readonly AttachedResultsStudy[]): string {
  return attached.map((study) => `${studyResultsInWords(study.modalities) || 'results'} stored in a separate study`).join('; ');
}

/** What a results-only card says of the study it describes, or '' while that is being read. */
export function resultsStandingInWords(standing: ResultsStudyStanding | undefined): string {
  switch (standing?.kind) {
    case 'unreadable':
      return 'Results only; which study they describe could not be read';
    case 'names-no-study':
      return 'Results only; they name no study they describe';
    case 'not-on-timeline':
      return 'Results about a study that cannot be found on this timeline';
    default:
      return '';
  }
}
