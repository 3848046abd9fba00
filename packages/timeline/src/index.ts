export { classifySpecialty, SPECIALTIES, SPECIALTY_LABELS, type Specialty, type StudyTraits } from './specialty';
export {
  filterEntries,
  comparablePrior,
  dicomDateToDay,
  type TimelineEntry,
  type TimelineFilter,
} from './entries';
export { axisTicks, fitScale, zoomLevelName, type AxisTick, type TimeScale } from './axis';
export { packIntoRows } from './packing';
export { yearGroupsNewestFirst, type YearGroup } from './yearGroups';
export { binByTime, binOfDay, binUnitFor, isInView, type BinUnit, type TimeBin } from './bins';
export { timelineEntriesOf, type AttachedResultsStudy, type ResultsStudyStanding, type SearchedStudy, type TimelineStudy } from './studyEntries';
export {
  attachResultsStudies,
  attachedResultsInWords,
  isResultsOnlyStudy,
  resultsStandingInWords,
  studiesReferencedBy,
  type StudyReferences,
} from './resultsStudies';
export { studyResultsOf, studyResultsInWords, type StudyResultKind } from './results';
