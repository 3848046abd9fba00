/**
 * What a study holds beside its images, from its modalities (QIDO-RS ModalitiesInStudy): the
 * results a reader or a program made about them. They belong to the study they describe (a badge
 * on its card), never to a study of their own. The study search's answer cannot tell a
 * segmentation drawn by hand from one found by an AI, nor measurements from a written report,
 * so the words never say more than the modality knows.
 */
export interface StudyResultKind {
  modality: 'SEG' | 'RTSTRUCT' | 'SR' | 'KO';
  /** What the card's badge shows. */
  short: string;
  /** What a screen reader and the tooltip say. */
  words: string;
}

const RESULT_KINDS: readonly StudyResultKind[] = [
  { modality: 'SEG', short: 'SEG', words: 'segmentations' },
  { modality: 'RTSTRUCT', short: 'RT', words: 'structure sets' },
  { modality: 'SR', short: 'SR', words: 'structured reports (measurements, findings or a written report)' },
  { modality: 'KO', short: '★', words: 'key images' },
];

/** The result kinds a study's modalities show, in a fixed order. */
export function studyResultsOf(modalities: readonly string[]): StudyResultKind[] {
  return RESULT_KINDS.filter((kind) => modalities.includes(kind.modality));
}

/** "segmentations, structure sets and key images", or '' when none. */
export function studyResultsInWords(modalities: readonly string[]): string {
  const words = studyResultsOf(modalities).map((kind) => kind.words);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
