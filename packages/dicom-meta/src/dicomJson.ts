/**
 * DICOM JSON model (PS3.18 F.2): what QIDO-RS and WADO-RS metadata return.
 * Keys are 8-digit uppercase hex tags ("0020000D").
 */
export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

export type DicomJson = Record<string, DicomJsonAttribute | undefined>;

/** Tags the viewer reads, named so call sites read as prose. */
export const Tag = {
  SpecificCharacterSet: '00080005',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  SOPClassesInStudy: '00080062',
  InstitutionName: '00080080',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  PatientName: '00100010',
  PatientID: '00100020',
  IssuerOfPatientID: '00100021',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  OtherPatientIDsSequence: '00101002',
  BodyPartExamined: '00180015',
  SliceThickness: '00180050',
  FrameTime: '00181063',
  CineRate: '00180040',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  FrameOfReferenceUID: '00200052',
  Laterality: '00200060',
  ImageLaterality: '00200062',
  SliceLocation: '00201041',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  BitsAllocated: '00280100',
  BitsStored: '00280101',
  PixelRepresentation: '00280103',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  WindowCenterWidthExplanation: '00281055',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  RescaleType: '00281054',
  VOILUTFunction: '00281056',
  ImagerPixelSpacing: '00181164',
  TransferSyntaxUID: '00020010',
  AvailableTransferSyntaxUID: '00083002',
  // Cine and visible-light photographs (issue 5).
  RecommendedDisplayFrameRate: '00082144',
  FrameTimeVector: '00181065',
  AnatomicRegionSequence: '00082218',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
  ContentDate: '00080023',
  AcquisitionDateTime: '0008002A',
  ICCProfile: '00282000',
  ColorSpace: '00282002',
  // PET, for SUV (issue 27; PS3.3 C.8.9.1 PET Series, C.8.9.2 PET Isotope).
  SeriesTime: '00080031',
  AcquisitionDate: '00080022',
  AcquisitionTime: '00080032',
  PatientSize: '00101020',
  PatientWeight: '00101030',
  CorrectedImage: '00280051',
  Units: '00541001',
  DecayCorrection: '00541102',
  RadiopharmaceuticalInformationSequence: '00540016',
  Radiopharmaceutical: '00180031',
  RadiopharmaceuticalStartTime: '00181072',
  RadionuclideTotalDose: '00181074',
  RadionuclideHalfLife: '00181075',
  RadiopharmaceuticalStartDateTime: '00181078',
} as const;

export type TagName = keyof typeof Tag;
