// QIDO-RS results (DICOM JSON) computed once at build time. A static tree
// answers every search with all of its studies (or all series/instances of one), so each
// record carries the attributes a client would ask for with includefield, plus the
// computed counts of PS3.18 Table 6.7.1-2.

/** Study-level attributes, copied from the study's first instance. */
const STUDY_TAGS = [
  '00080005', // SpecificCharacterSet
  '00080020', // StudyDate
  '00080030', // StudyTime
  '00080050', // AccessionNumber
  '00080051', // IssuerOfAccessionNumberSequence
  '00080090', // ReferringPhysicianName
  '00080201', // TimezoneOffsetFromUTC
  '00081030', // StudyDescription
  '00100010', // PatientName
  '00100020', // PatientID
  '00100021', // IssuerOfPatientID
  '00100024', // IssuerOfPatientIDQualifiersSequence
  '00100030', // PatientBirthDate
  '00100040', // PatientSex
  '00101002', // OtherPatientIDsSequence
  '0020000D', // StudyInstanceUID
  '00200010', // StudyID
];

const SERIES_TAGS = [
  '00080005', // SpecificCharacterSet
  '00080021', // SeriesDate
  '00080031', // SeriesTime
  '00080060', // Modality
  '0008103E', // SeriesDescription
  '00180015', // BodyPartExamined
  '0020000D', // StudyInstanceUID
  '0020000E', // SeriesInstanceUID
  '00200011', // SeriesNumber
  '00200060', // Laterality
  '00400244', // PerformedProcedureStepStartDate
  '00400245', // PerformedProcedureStepStartTime
];

const INSTANCE_TAGS = [
  '00080005', // SpecificCharacterSet
  '00080016', // SOPClassUID
  '00080018', // SOPInstanceUID
  '00080060', // Modality
  '00083002', // AvailableTransferSyntaxUID
  '0020000D', // StudyInstanceUID
  '0020000E', // SeriesInstanceUID
  '00200013', // InstanceNumber
  '00200032', // ImagePositionPatient
  '00200037', // ImageOrientationPatient
  '00200062', // ImageLaterality
  '00280002', // SamplesPerPixel
  '00280004', // PhotometricInterpretation
  '00280008', // NumberOfFrames
  '00280010', // Rows
  '00280011', // Columns
  '00280100', // BitsAllocated
];

const first = (dataset, tag) => dataset[tag]?.Value?.[0];

function pick(dataset, tags) {
  const out = {};
  for (const tag of tags) if (dataset[tag]) out[tag] = dataset[tag];
  return out;
}

const distinct = (values) => [...new Set(values.filter((value) => value !== undefined && value !== null && value !== ''))];

const compareNumbersThenUids = (numberTag, uidTag) => (a, b) =>
  (Number(first(a, numberTag) ?? Infinity) - Number(first(b, numberTag) ?? Infinity)) ||
  String(first(a, uidTag)).localeCompare(String(first(b, uidTag)));

/** Instance metadata grouped into studies → series → instances, each level in reading order. */
export function groupStudies(instanceMetadata) {
  const studies = new Map();
  for (const metadata of instanceMetadata) {
    const studyUid = first(metadata, '0020000D');
    const seriesUid = first(metadata, '0020000E');
    if (!studies.has(studyUid)) studies.set(studyUid, new Map());
    const seriesOfStudy = studies.get(studyUid);
    if (!seriesOfStudy.has(seriesUid)) seriesOfStudy.set(seriesUid, []);
    seriesOfStudy.get(seriesUid).push(metadata);
  }
  const byInstance = compareNumbersThenUids('00200013', '00080018');
  const bySeries = (a, b) => compareNumbersThenUids('00200011', '0020000E')(a.instances[0], b.instances[0]);
  const grouped = [...studies].map(([studyInstanceUid, seriesOfStudy]) => ({
    studyInstanceUid,
    series: [...seriesOfStudy]
      .map(([seriesInstanceUid, instances]) => ({ seriesInstanceUid, instances: instances.sort(byInstance) }))
      .sort(bySeries),
  }));
  // Newest first, as archives usually answer; clients sort anyway.
  const when = (study) => `${first(study.series[0].instances[0], '00080020') ?? ''}${first(study.series[0].instances[0], '00080030') ?? ''}`;
  return grouped.sort((a, b) => when(b).localeCompare(when(a)) || a.studyInstanceUid.localeCompare(b.studyInstanceUid));
}

export function studyRecord(study) {
  const instances = study.series.flatMap((series) => series.instances);
  const record = pick(instances[0], STUDY_TAGS);
  record['00080061'] = { vr: 'CS', Value: distinct(study.series.map((series) => first(series.instances[0], '00080060'))) };
  record['00080062'] = { vr: 'UI', Value: distinct(instances.map((instance) => first(instance, '00080016'))) };
  // One value, from the first series, as Orthanc answers: BodyPartExamined is not a study attribute.
  const bodyPart = first(study.series[0].instances[0], '00180015');
  if (bodyPart) record['00180015'] = { vr: 'CS', Value: [bodyPart] };
  record['00201206'] = { vr: 'IS', Value: [study.series.length] };
  record['00201208'] = { vr: 'IS', Value: [instances.length] };
  return sortedByTag(record);
}

export function seriesRecord(series) {
  const record = pick(series.instances[0], SERIES_TAGS);
  record['00201209'] = { vr: 'IS', Value: [series.instances.length] };
  return sortedByTag(record);
}

export function instanceRecord(instance) {
  return pick(instance, INSTANCE_TAGS);
}

function sortedByTag(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
