import type { DicomJson } from '@longview/dicom-meta';
import { describe, expect, it } from 'vitest';
import { attachedResultsInWords, attachResultsStudies, isResultsOnlyStudy, resultsStandingInWords, studiesReferencedBy, type StudyReferences } from './resultsStudies';
import type { TimelineStudy } from './studyEntries';

const PETCT = '1.2.840.1.1';
const RESULTS = '1.2.840.1.2';
const OTHER_PATIENTS = '1.2.840.9.9';

function study(uid: string, modalities: readonly string[], archiveId = 'oncology'): TimelineStudy {
  return {
    key: `${archiveId}/${uid}`,
    archiveId,
    studyInstanceUid: uid,
    studyDate: '20240910',
    studyTime: undefined,
    description: undefined,
    modalities,
    bodyParts: [],
    seriesCount: 1,
    instanceCount: 1,
    specialty: 'radiology',
    patientId: 'O-4410',
    isStale: false,
  };
}

const ui = (value: string) => ({ vr: 'UI', Value: [value] });
const sq = (...items: DicomJson[]) => ({ vr: 'SQ', Value: items });

describe('isResultsOnlyStudy', () => {
  it('is a study of SEG, RTSTRUCT, SR, KO or PR only', () => {
    expect(isResultsOnlyStudy(['SEG', 'SR'])).toBe(true);
    expect(isResultsOnlyStudy(['RTSTRUCT'])).toBe(true);
    expect(isResultsOnlyStudy(['KO', 'PR'])).toBe(true);
  });

  it('is not a study with images, nor one whose modalities are unknown', () => {
    expect(isResultsOnlyStudy(['CT', 'PT', 'SEG', 'SR'])).toBe(false);
    expect(isResultsOnlyStudy(['DOC'])).toBe(false);
    expect(isResultsOnlyStudy([])).toBe(false);
  });
});

describe('studiesReferencedBy', () => {
  it("reads a SEG's Studies Containing Other Referenced Instances (0008,1200)", () => {
    const seg: DicomJson = { '0020000D': ui(RESULTS), '00081200': sq({ '0020000D': ui(PETCT), '00081115': sq({ '0020000E': ui('1.2.3') }) }) };
    expect(studiesReferencedBy(seg)).toEqual([PETCT]);
  });

  it("reads an SR's evidence, each study once and never the SR's own", () => {
    const sr: DicomJson = {
      '0020000D': ui(RESULTS),
      '0040A375': sq({ '0020000D': ui(PETCT) }),
      '0040A385': sq({ '0020000D': ui(RESULTS) }, { '0020000D': ui(PETCT) }),
    };
    expect(studiesReferencedBy(sr)).toEqual([PETCT]);
  });

  it('reads the Referenced Study Sequence (0008,1110), whose items name the study as a SOP instance', () => {
    expect(studiesReferencedBy({ '0020000D': ui(RESULTS), '00081110': sq({ '00081155': ui(PETCT) }) })).toEqual([PETCT]);
  });

  it('is empty when the instance names no other study (a SEG that only names series)', () => {
    expect(studiesReferencedBy({ '0020000D': ui(RESULTS), '00081115': sq({ '0020000E': ui('1.2.3') }) })).toEqual([]);
    expect(studiesReferencedBy({})).toEqual([]);
  });
});

describe('attachResultsStudies', () => {
  const petct = study(PETCT, ['CT', 'PT', 'SEG', 'RTSTRUCT', 'SR']);
  const results = study(RESULTS, ['SEG', 'SR']);
  const referencing = (references: StudyReferences) => (entry: TimelineStudy) => (entry.studyInstanceUid === RESULTS ? references : undefined);

  it('attaches a results-only study to the study it names: no card of its own, a badge on that card', () => {
    const cards = attachResultsStudies([petct, results], referencing([PETCT]));
    expect(cards.map((card) => card.studyInstanceUid)).toEqual([PETCT]);
    expect(cards[0]?.attachedResults?.map((attached) => attached.studyInstanceUid)).toEqual([RESULTS]);
    expect(cards[0]?.resultsStanding).toBeUndefined();
  });

  it('keeps a results-only study whose study is not on this timeline (another patient\'s) as a card that says so', () => {
    const cards = attachResultsStudies([petct, results], referencing([OTHER_PATIENTS]));
    expect(cards.map((card) => card.studyInstanceUid)).toEqual([PETCT, RESULTS]);
    expect(cards[0]?.attachedResults).toEqual([]);
    expect(cards[1]?.resultsStanding).toEqual({ kind: 'not-on-timeline', studyUids: [OTHER_PATIENTS] });
    expect(resultsStandingInWords(cards[1]?.resultsStanding)).toBe('Results about a study that cannot be found on this timeline');
  });

  it('keeps the card while its references are read, when they cannot be read, and when they name no study', () => {
    expect(attachResultsStudies([petct, results], referencing(undefined))[1]?.resultsStanding).toEqual({ kind: 'checking' });
    expect(attachResultsStudies([petct, results], referencing('unreadable'))[1]?.resultsStanding).toEqual({ kind: 'unreadable' });
    expect(attachResultsStudies([petct, results], referencing([]))[1]?.resultsStanding).toEqual({ kind: 'names-no-study' });
  });

  it('never attaches to another results-only study, and prefers the described study in the same archive', () => {
    const otherResults = study(PETCT, ['SR'], 'radiology');
    expect(attachResultsStudies([otherResults, results], referencing([PETCT])).map((card) => card.key)).toEqual(['radiology/1.2.840.1.1', 'oncology/1.2.840.1.2']);
    const copy = study(PETCT, ['CT'], 'radiology');
    const cards = attachResultsStudies([copy, petct, results], referencing([PETCT]));
    expect(cards.find((card) => card.key === petct.key)?.attachedResults).toHaveLength(1);
    expect(cards.find((card) => card.key === copy.key)?.attachedResults).toEqual([]);
  });

  it('leaves studies with images alone, whatever they reference', () => {
    const cards = attachResultsStudies([petct], () => [RESULTS]);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.attachedResults).toEqual([]);
  });
});

describe('attachedResultsInWords', () => {
  it('says what each attached study holds and that it is stored apart', () => {
    const [card] = attachResultsStudies([study(PETCT, ['CT']), study(RESULTS, ['SEG'])], () => [PETCT]);
    expect(attachedResultsInWords(card?.attachedResults ?? [])).toBe('segmentations stored in a separate study');
    expect(attachedResultsInWords([])).toBe('');
  });
});
