import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS_DIR = join(REPO_ROOT, '.data/corpus');

/** The shape of .data/corpus/manifest.json written by scripts/corpus/generate.mjs. */
export interface CorpusInstance {
  sopInstanceUid: string;
  instanceNumber: number;
  file: string;
  imagePositionPatient?: number[];
  /** ViewPosition of a projection image (the mammogram's CC / MLO, the radiographs' PA). */
  viewPosition?: string;
  /** ImageLaterality of a mammographic view: 'R' or 'L'. */
  imageLaterality?: string;
  /** A PET instance's own RescaleSlope (it differs per instance; the intercept is 0). */
  rescaleSlope?: number;
}

/**
 * A series. Encapsulated documents (Modality DOC, `mimeType` set) have no Image Pixel module:
 * their rows, columns, photometricInterpretation and numberOfFrames are absent from the
 * manifest although the type declares them, so that the many image-only tests need no narrowing.
 */
export interface CorpusSeries {
  key: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  modality: string;
  /** BodyPartExamined (0018,0015). */
  bodyPart: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  photometricInterpretation: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  imageOrientationPatient?: number[];
  pixelSpacing?: number[];
  sliceThickness?: number;
  /** Windows stored in the files, in order (the first is the default). */
  windowCenter?: number[];
  windowWidth?: number[];
  /** Laterality and ImageLaterality where the body part is paired (the fundus photos: 'R' or 'L'). */
  laterality?: string;
  /** MIMETypeOfEncapsulatedDocument of an encapsulated document series ('application/pdf'). */
  mimeType?: string;
  corruptInstanceNumbers: number[];
  /**
   * The series of person "hostile": which bad input it carries (scripts/corpus/series-hostile.mjs; the
   * SEG study's 'seg-<variant>', 'rtstruct-unknown-instances', 'ai-report-missing-segment' and, for its
   * CT and good SEG, 'control': series-hostile-segmentation.mjs).
   */
  hostileCase?: string;
  /** A DICOM video series (scripts/corpus/series-video.mjs): its codec and the colour field of each second. */
  video?: {
    codecName: string;
    framesPerSecond: number;
    durationSeconds: number;
    fields: Array<{ second: number; rgb: [number, number, number] }>;
  };
  /** A whole slide series: its pyramid and sample colours. */
  wsi?: CorpusSlide;
  /** The chest CT's planted features and the instance at each one's centre (scripts/corpus/series-ct-mr.mjs). */
  features?: Array<{ name: string; centerInstanceNumber: number }>;
  /** An SR of measurements written by another program: what it holds, for tests to assert. */
  measurementReport?: CorpusMeasurementReport;
  /** FrameOfReferenceUID, where a test pairs series by it (the PET/CT series; the hostile PET series). */
  frameOfReferenceUid?: string;
  /** On the CT of a PET/CT study: the key of the PET series in its frame of reference. */
  petSeriesKey?: string;
  /** A PET series (Modality PT): its header as written and the phantom's truth (scripts/corpus/series-petct.mjs). */
  pet?: CorpusPet;
  /** The tumor board's SEG on a PET/CT's CT (Modality SEG, scripts/corpus/series-tumor-board.mjs), or a hostile one (`variant`): its segments' truth. */
  segmentation?: CorpusSegmentation;
  /** The tumor board's RT Structure Set on a PET/CT's CT (Modality RTSTRUCT): its ROIs and every contour as written. */
  structureSet?: CorpusStructureSet;
  /** The AI's TID 1500 report on a PET/CT (Modality SR): its device and its finding on the SEG's "Lymph node". */
  aiReport?: CorpusAiReport;
  instances: CorpusInstance[];
}

/**
 * A lesion of the PET/CT phantom: a sphere of uniform activity. A voxel belongs to it when its
 * centre is inside (distance <= radiusMm). `center` is in patient mm (LPS), in the frame of
 * reference shared by the PET and its CT. Nominal values (`activityBqml`, `suvbw`) differ from
 * the stored ones (`maxBqml`, `suvbwMax`: stored value × the instance's slope) only by the 16-bit
 * quantisation, under 1e-4 relative.
 */
export interface CorpusPetLesion {
  index: number;
  name: string;
  center: [number, number, number];
  radiusMm: number;
  /** 4/3 π r³ in ml: the sphere, not its voxels. */
  sphereVolumeMl: number;
  activityBqml: number;
  suvbw: number | null;
  maxBqml: number;
  suvbwMax: number | null;
  /** The mean over the PET voxels inside the sphere, as stored (stored value × slope). */
  meanBqml: number;
  suvbwMean: number | null;
  /** PET voxels whose centre is inside the sphere. */
  voxelCount: number;
  /** voxelCount × voxelVolumeMl. */
  volumeMl: number;
  /** The lesion's HU on the CT (same sphere, same rule on the CT grid). */
  ctHu: number;
  /** PET and CT instance (same numbering, same positions) at the lesion's centre. */
  centerInstanceNumber: number;
  /** Instances whose slice plane cuts the sphere. */
  instanceNumbers: number[];
}

/**
 * A voxel of a PET series to probe: `column` and `row` are 0-based (the pixel at
 * PixelData[row × columns + column]); `value` = storedValue × rescaleSlope, in the series' units;
 * `bqml` is that value when the units are BQML, `suvbw` = bqml × suvbwPerBqml when SUV can be had.
 */
export interface CorpusPetProbe {
  name: string;
  /** The phantom region or lesion name at that voxel ('Tumor', 'Lymph node', 'soft tissue', 'liver'). */
  region: string;
  instanceNumber: number;
  sopInstanceUid: string;
  column: number;
  row: number;
  /** Patient position (mm) of the voxel's centre. */
  position: [number, number, number];
  storedValue: number;
  rescaleSlope: number;
  value: number;
  bqml: number | null;
  suvbw: number | null;
}

/**
 * A PET series' header (null where the files leave it out: the hostile PET series) and truth.
 * SUVbw = value (Bq/ml) × suvbwPerBqml, with suvbwPerBqml = weight (g) / (dose × decayFactor),
 * decayFactor = 2^(−decaySeconds / half-life) and decaySeconds from the injection start to
 * SeriesTime (DecayCorrection START). Without what SUV needs, suvbwPerBqml is null and
 * `suvUnavailable` says why.
 */
export interface CorpusPet {
  units: 'BQML' | 'CNTS';
  decayCorrection: 'START' | null;
  correctedImage: string[];
  radiopharmaceutical: string | null;
  radionuclide: string | null;
  patientWeightKg: number | null;
  patientSizeM: number | null;
  radionuclideTotalDoseBq: number | null;
  radionuclideHalfLifeS: number | null;
  seriesDate: string;
  /** SeriesTime, DICOM TM 'HHMMSS'; every AcquisitionTime is at or after it (see `beds`). */
  seriesTime: string;
  /** RadiopharmaceuticalStartTime 'HHMMSS' and RadiopharmaceuticalStartDateTime. */
  injectionTime: string | null;
  injectionDateTime: string | null;
  decaySeconds: number | null;
  decayFactor: number | null;
  suvbwPerBqml: number | null;
  suvUnavailable?: 'no-patient-weight' | 'no-decay-information' | 'units-not-bqml';
  /** The CT of the same study and frame of reference (PET/CT only). */
  ctSeriesKey?: string;
  ctSeriesInstanceUid?: string;
  /** [column spacing, row spacing, slice spacing] in mm. */
  voxelSizeMm: [number, number, number];
  voxelVolumeMl: number;
  /** Bed positions: each one's AcquisitionTime (the first is SeriesTime), frame duration and instances. */
  beds: Array<{ acquisitionTime: string; frameDurationMs: number; firstInstanceNumber: number; lastInstanceNumber: number }>;
  lesions: CorpusPetLesion[];
  /** Nominal activity of each background region; the voxels carry ± `backgroundNoise.amplitude` relative noise. */
  background: Array<{ region: string; activityBqml: number; suvbw: number | null }>;
  backgroundNoise: { kind: 'multiplicative-triangular'; amplitude: number };
  probeVoxels: CorpusPetProbe[];
}

/** A coded concept as the SR writes it (CodeValue, CodingSchemeDesignator, CodeMeaning). */
export interface CorpusCode {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

/**
 * The TID 1500 Measurement Report of person "reports" (series "reports-ct-outside-sr" beside the
 * CT it measures, scripts/corpus/series-outside-sr.mjs), written by "Acme AI Lab".
 * `points` are SCOORD image coordinates, [column, row] in pixels with (0, 0) the top-left corner
 * of the first pixel; each `value` is the number the SR's NUM holds, in UCUM `unit`.
 */
export interface CorpusMeasurementReport {
  producer: { manufacturer: string; manufacturerModelName: string; softwareVersions: string; observerName: string; contentDate: string; contentTime: string };
  sopInstanceUid: string;
  template: 'TID 1500';
  coordinates: string;
  referencedImage: { seriesKey: string; seriesInstanceUid: string; sopInstanceUid: string; sopClassUid: string; instanceNumber: number };
  pixelSpacing: [number, number];
  groups: Array<{
    trackingIdentifier: string;
    trackingUid: string;
    template: 'TID 1501' | 'TID 1410';
    graphicType: 'POLYLINE' | 'ELLIPSE';
    points: Array<[number, number]>;
    values: Array<{ concept: CorpusCode; derivation?: CorpusCode; value: number; unit: string; pixelCount?: number; pixelRule?: string }>;
  }>;
}

/** The AI that found the lymph node: it wrote the SEG (its equipment) and the TID 1500 report (its device observer). */
export interface CorpusAiDevice {
  manufacturer: string;
  manufacturerModelName: string;
  softwareVersions: string;
  deviceSerialNumber: string;
  /** Device Observer Name (TID 1004). */
  name: string;
  deviceObserverUid: string;
  /** SegmentAlgorithmName of the segments it made; Algorithm Name (TID 4019) of its finding. */
  algorithmName: string;
}

/** One frame of a SEG segment: the CT instance it lies on and how many of its pixels are set. */
export interface CorpusSegmentFrame {
  /** 1-based frame of the SEG instance. */
  frameNumber: number;
  /** The CT instance (same position) it derives from. */
  instanceNumber: number;
  referencedSopInstanceUid: string;
  imagePositionPatient: [number, number, number];
  voxelCount: number;
}

/**
 * SUVbw over a segment: its lesion's, over the PET voxels whose centre lies inside the same sphere,
 * on the PET's own grid. A viewer sampling the PET at the SEG's CT voxels meets the same max but,
 * by partial volume at the edge, a lower mean.
 */
export interface CorpusSegmentUptake {
  lesion: string;
  suvbwMax: number;
  suvbwMean: number;
  petVoxelCount: number;
  rule: string;
}

/**
 * A segment of the tumor board's SEG: a lesion's sphere voxelised on the CT grid (a voxel is in
 * when its centre is inside or on the sphere, the rule the CT's own pixels were painted with).
 * `rgb8` is the sRGB colour a viewer must show; the file holds it as `cielab` (DICOM scaled CIELab).
 */
export interface CorpusSegment {
  segmentNumber: number;
  label: string;
  description: string | null;
  algorithmType: 'MANUAL' | 'AUTOMATIC' | 'SEMIAUTOMATIC';
  algorithmName: string | null;
  /** The device of an AUTOMATIC segment ("AI: NodeFinder PET/CT 3.2.1"); null for a MANUAL one. */
  device: CorpusAiDevice | null;
  category: CorpusCode;
  type: CorpusCode;
  rgb8: [number, number, number];
  cielab: [number, number, number];
  sphere: { center: [number, number, number]; radiusMm: number };
  voxelCount: number;
  /** voxelCount × the CT voxel volume (`voxelVolumeMl`). */
  volumeMl: number;
  /** The CT instance nearest the voxels' centroid along z: where "jump to the segment" lands. */
  centerInstanceNumber: number;
  centerSopInstanceUid: string;
  firstInstanceNumber: number;
  lastInstanceNumber: number;
  frames: CorpusSegmentFrame[];
  /** Null where the PET has no lesion of this sphere or no SUV, or the study has no PET (the hostile SEG study). */
  uptake: CorpusSegmentUptake | null;
}

/** A DICOM Segmentation on a PET/CT's CT (scripts/corpus/series-segmentation.mjs) and its truth. */
export interface CorpusSegmentation {
  /** null: the tumor board's own; else the bad input it carries. */
  variant: null | 'missing-referenced-series' | 'other-frame-of-reference' | 'other-dimensions' | 'fractional' | 'overlapping';
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  segmentationType: 'BINARY' | 'FRACTIONAL';
  /** Its Enhanced General Equipment: the AI device. */
  device: CorpusAiDevice;
  /** ContentCreatorName: the radiologist who drew the tumor. */
  contentCreatorName: string;
  frameOfReferenceUid: string;
  referencedSeriesInstanceUid: string;
  /** The CT's study: this SEG's own, or for an AI results study the one it names in (0008,1200). */
  referencedStudyInstanceUid: string;
  referencedSeriesExists: boolean;
  ctSeriesKey: string;
  rows: number;
  columns: number;
  pixelSpacing: [number, number];
  sliceThicknessMm: number;
  voxelVolumeMl: number;
  voxelRule: string;
  numberOfFrames: number;
  /** Voxels in more than one segment. */
  overlapVoxelCount: number;
  segments: CorpusSegment[];
}

/** One closed planar contour of an ROI: on one CT slice, referencing that instance. */
export interface CorpusRoiContour {
  instanceNumber: number;
  referencedSopInstanceUid: string;
  z: number;
  /** Vertices in patient mm (LPS), as ContourData holds them (DS, 6 decimals); the polygon closes back to the first. */
  points: Array<[number, number, number]>;
}

/** An ROI of the tumor board's structure set: its identity, colour and one contour per slice it crosses. */
export interface CorpusRoi {
  roiNumber: number;
  name: string;
  /** RTROIInterpretedType. */
  interpretedType: string;
  generationAlgorithm: 'MANUAL' | 'AUTOMATIC' | 'SEMIAUTOMATIC';
  /** ROIDisplayColor, RGB 0–255. */
  displayColor: [number, number, number];
  /** What the polygon outlines in the phantom ('Tumor lesion sphere', 'phantom liver ellipse'). */
  source: string;
  /** Slices (= CT instances = contours) the ROI is drawn on. */
  sliceCount: number;
  firstInstanceNumber: number;
  lastInstanceNumber: number;
  contours: CorpusRoiContour[];
}

/** An RT Structure Set on a PET/CT's CT (scripts/corpus/series-rtstruct.mjs) and its truth. */
export interface CorpusStructureSet {
  /** null: the tumor board's own; else the bad input it carries. */
  variant: null | 'unknown-instances';
  sopInstanceUid: string;
  sopClassUid: string;
  label: string;
  frameOfReferenceUid: string;
  referencedSeriesInstanceUid: string;
  ctSeriesKey: string;
  referencesKnownInstances: boolean;
  /** CT instances listed in its ContourImageSequence: every one some contour lies on. */
  contourImageCount: number;
  coordinates: string;
  rois: CorpusRoi[];
}

/** The AI's finding (TID 1411): the SEG segment it is about and what it measured there, as the SR's NUMs hold them. */
export interface CorpusAiFinding {
  trackingIdentifier: string;
  trackingUid: string;
  finding: CorpusCode;
  /** The SEG segment the finding references (ReferencedSegmentNumber). */
  referencedSegmentNumber: number;
  segmentLabel: string;
  algorithmName: string;
  algorithmVersion: string;
  /** The segment's volume (its CT voxels × voxel volume), DS-rounded as written. */
  volumeMl: number;
  volumeUnit: string;
  /** The PET truth's SUVbw max of the segment's lesion, DS-rounded as written. */
  suvbwMax: number;
  suvbwUnit: string;
}

/** A TID 1500 Measurement Report by the AI device (scripts/corpus/series-ai-report.mjs), on the study's SEG. */
export interface CorpusAiReport {
  /** null: the tumor board's own; else the bad input it carries. */
  variant: null | 'missing-segment';
  sopInstanceUid: string;
  sopClassUid: string;
  template: 'TID 1500';
  /** The device observer context (TID 1004): name, UID, manufacturer, model. */
  device: CorpusAiDevice;
  segmentationSopInstanceUid: string;
  /** The study of its evidence (CurrentRequestedProcedureEvidenceSequence): the CT's. */
  referencedStudyInstanceUid: string;
  referencedSegmentExists: boolean;
  suvSource: string;
  findings: CorpusAiFinding[];
}

/** One level of a whole slide's pyramid (scripts/corpus: the slide generator). */
export interface CorpusSlideLevel {
  level: number;
  sopInstanceUid: string;
  dimensionOrganization: 'TILED_FULL' | 'TILED_SPARSE';
  totalColumns: number;
  totalRows: number;
  tileColumns: number;
  tileRows: number;
  downsample: number;
  presentTiles?: Array<[number, number]>;
}
/** A whole slide: its pyramid, colours sampled at named points, and the glass colour. */
export interface CorpusSlide {
  levels: CorpusSlideLevel[];
  samplePoints: Array<{ name: string; column: number; row: number; rgb: [number, number, number] }>;
  background: [number, number, number];
}

/** The timeline lane a study is meant for (SPECIALTIES in scripts/corpus/patients.mjs). */
export type CorpusSpecialty = 'radiology' | 'cardiology' | 'pathology' | 'dermatology' | 'ophthalmology' | 'endoscopy' | 'documents' | 'other';

export interface CorpusStudy {
  studyInstanceUid: string;
  /** Unique across the whole corpus (the generator asserts it). */
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  /** Id of the archive that holds the study (scripts/archives.json). */
  archive: string;
  bodyPart: string;
  /** Modalities of the study's series, without repeats. */
  modalities: string[];
  specialty: CorpusSpecialty;
  /**
   * Only a results-only study (an AI's SEG and report stored apart, scripts/corpus/patients-oncology.mjs
   * AI_RESULTS_STUDY): the study its results describe. The timeline shows no card for it, but a
   * badge on that study's card.
   */
  resultsFor?: { studyInstanceUid: string; archive: string };
  series: CorpusSeries[];
}

/**
 * Who a patient record really belongs to: the truth the viewer has to reconstruct from
 * identifiers alone. "carol" and "large" have a record in several archives, linked only by
 * Other Patient IDs; "carol-namesake" and "david-outside" are traps that must never join carol.
 * "reports" has one CT chest study holding a measurement report another program wrote.
 */
export type CorpusPerson = 'alice' | 'bob' | 'panel' | 'html' | 'hostile' | 'reports' | 'carol' | 'carol-namesake' | 'david-outside' | 'large'
  | 'erin' | 'fiona' | 'gina' | 'gina-namesake';

/** One Other Patient IDs Sequence (0010,1002) item, as written in the files. */
export interface CorpusOtherPatientId {
  patientId: string;
  issuerOfPatientId: string;
}

/** One archive's record of a person (its local PatientID), with that archive's studies. */
export interface CorpusPatient {
  person: CorpusPerson;
  /** Id of the archive that holds the record (scripts/archives.json). */
  archive: string;
  patientId: string;
  /** IssuerOfPatientID (0010,0021), only where the data carries one; else the archive's configured default applies. */
  issuerOfPatientId?: string;
  patientName: string;
  birthDate: string;
  sex: string;
  otherPatientIds: CorpusOtherPatientId[];
  studies: CorpusStudy[];
}

export interface CorpusReference {
  name: string;
  seriesKey: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  instanceNumber: number;
  frame: number;
  windowCenter?: number;
  windowWidth?: number;
  file: string;
  method: string;
}

export interface CorpusManifest {
  patients: CorpusPatient[];
  references: CorpusReference[];
}

let cached: CorpusManifest | undefined;

export function corpus(): CorpusManifest {
  cached ??= JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as CorpusManifest;
  return cached;
}

export function findSeries(key: string): { patient: CorpusPatient; study: CorpusStudy; series: CorpusSeries } {
  for (const patient of corpus().patients) {
    for (const study of patient.studies) {
      const series = study.series.find((s) => s.key === key);
      if (series) return { patient, study, series };
    }
  }
  throw new Error(`No series "${key}" in the corpus manifest`);
}

/**
 * Archives that answer only with a SMART access token (public/config.json auth "bearer"): a
 * viewer that has not signed in never sees their records (e2e/smart-launch.spec.ts does).
 */
export const SIGN_IN_ARCHIVES: readonly string[] = ['oncology'];

/** Whether a record or study is in an archive every viewer reaches without signing in. */
export const isInOpenArchive = ({ archive }: { archive: string }) => !SIGN_IN_ARCHIVES.includes(archive);

/**
 * Every record of `person` (one per archive that knows them), in manifest order; those of
 * sign-in archives only with `withSignIn`.
 */
export function recordsOfPerson(person: CorpusPerson, { withSignIn = false } = {}): CorpusPatient[] {
  const records = corpus().patients.filter((patient) => patient.person === person && (withSignIn || isInOpenArchive(patient)));
  if (records.length === 0) throw new Error(`No record of "${person}" in the corpus manifest`);
  return records;
}

/** Every study of `person` across all their records, with the record that holds it; oldest first. */
export function studiesOfPerson(person: CorpusPerson, options: { withSignIn?: boolean } = {}): Array<{ patient: CorpusPatient; study: CorpusStudy }> {
  return recordsOfPerson(person, options)
    .flatMap((patient) => patient.studies.map((study) => ({ patient, study })))
    .sort((a, b) => a.study.studyDate.localeCompare(b.study.studyDate));
}

/**
 * The studies of `person` the timeline shows as cards (studiesOfPerson), oldest first: a results-only
 * study whose described study is among them is attached to that card, not a card of its own.
 */
export function timelineCardsOfPerson(person: CorpusPerson, options: { withSignIn?: boolean } = {}): Array<{ patient: CorpusPatient; study: CorpusStudy }> {
  const studies = studiesOfPerson(person, options);
  const shown = new Set(studies.map(({ study }) => study.studyInstanceUid));
  return studies.filter(({ study }) => !study.resultsFor || !shown.has(study.resultsFor.studyInstanceUid));
}

/** The viewer URL for a series: archive, study and series UIDs only, never names. */
export function viewerUrl(key: string): string {
  const { study, series } = findSeries(key);
  return `/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;
}

/** The IHE IID STUDY launch an EHR would send for a series' study: its UID and its patient as ID^^^Issuer. */
export function iidStudyLaunchUrl(key: string): string {
  const { patient, study } = findSeries(key);
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'public/config.json'), 'utf8')) as { archives: Array<{ id: string; patientIdIssuer?: string }> };
  const issuer = patient.issuerOfPatientId ?? config.archives.find((archive) => archive.id === study.archive)?.patientIdIssuer;
  if (!issuer) throw new Error(`${study.archive} names no issuer for ${patient.patientId}`);
  return `/IHEInvokeImageDisplay?${new URLSearchParams({ requestType: 'STUDY', studyUID: study.studyInstanceUid, patientID: `${patient.patientId}^^^${issuer}` }).toString()}`;
}
