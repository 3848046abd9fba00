/**
 * DICOM PS3.15 Annex E, Table E.1-1, the "Basic Prof." column: what happens to each attribute.
 *
 *   D  replace with a non-zero-length dummy value of the same VR
 *   Z  replace with a zero-length value (a Type 2 attribute stays present)
 *   X  remove
 *   K  keep (sequences are still processed item by item)
 *   C  clean: keep the text but take out the identifying values it repeats
 *   U  replace each UID with a new one, the same new one for the same old one in the export
 *
 * The table lists compound actions for attributes whose right answer depends on the IOD
 * (Z/D, X/Z, X/D, X/Z/D, X/Z/U*). We resolve each to one action, once, here, by these rules:
 * a compound with U* keeps the references and remaps their UIDs (U), so that an exported
 * series still points at its own images; otherwise one with Z becomes Z (the attribute may be
 * Type 2 in the IOD, and an empty value carries nothing); otherwise X/D becomes X.
 *
 * Attributes the table does not list are kept, as the profile says. Three families are
 * handled by rule rather than by row (see `ruleFor`): private attributes (X), curve data
 * groups 50xx (X), and overlay data and comments in groups 60xx (X).
 */
export type Action = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

export interface ProfileRow {
  /** 8 upper-case hex digits, group then element, as in the DICOM JSON model. */
  tag: string;
  keyword: string;
  action: Action;
}

function row(tag: string, keyword: string, action: Action): ProfileRow {
  return { tag, keyword, action };
}

export const BASIC_PROFILE: readonly ProfileRow[] = [
  // File meta information (PS3.10 7.1): the instance UID must follow the dataset's.
  row('00020003', 'MediaStorageSOPInstanceUID', 'U'),
  row('00020016', 'SourceApplicationEntityTitle', 'X'),
  row('00041511', 'ReferencedSOPInstanceUIDInFile', 'U'),
  // SOP common, general study / series / equipment / image
  row('00080012', 'InstanceCreationDate', 'X'), // X/D
  row('00080013', 'InstanceCreationTime', 'Z'), // X/Z/D
  row('00080014', 'InstanceCreatorUID', 'U'),
  row('00080015', 'InstanceCoercionDateTime', 'X'),
  row('00080017', 'AcquisitionUID', 'U'),
  row('00080018', 'SOPInstanceUID', 'U'),
  row('00080019', 'PyramidUID', 'U'),
  row('00080020', 'StudyDate', 'Z'),
  row('00080021', 'SeriesDate', 'X'), // X/D
  row('00080022', 'AcquisitionDate', 'Z'), // X/Z
  row('00080023', 'ContentDate', 'Z'), // Z/D
  row('00080024', 'OverlayDate', 'X'),
  row('00080025', 'CurveDate', 'X'),
  row('0008002A', 'AcquisitionDateTime', 'X'), // X/D
  row('00080030', 'StudyTime', 'Z'),
  row('00080031', 'SeriesTime', 'X'), // X/D
  row('00080032', 'AcquisitionTime', 'Z'), // X/Z
  row('00080033', 'ContentTime', 'Z'), // Z/D
  row('00080034', 'OverlayTime', 'X'),
  row('00080035', 'CurveTime', 'X'),
  row('00080050', 'AccessionNumber', 'Z'),
  row('00080058', 'FailedSOPInstanceUIDList', 'U'),
  row('00080080', 'InstitutionName', 'Z'), // X/Z/D
  row('00080081', 'InstitutionAddress', 'X'),
  row('00080082', 'InstitutionCodeSequence', 'Z'), // X/Z/D
  row('00080090', 'ReferringPhysicianName', 'Z'),
  row('00080092', 'ReferringPhysicianAddress', 'X'),
  row('00080094', 'ReferringPhysicianTelephoneNumbers', 'X'),
  row('00080096', 'ReferringPhysicianIdentificationSequence', 'X'),
  row('0008009C', 'ConsultingPhysicianName', 'Z'),
  row('0008009D', 'ConsultingPhysicianIdentificationSequence', 'X'),
  row('00080201', 'TimezoneOffsetFromUTC', 'X'),
  row('00081010', 'StationName', 'Z'), // X/Z/D
  row('00081030', 'StudyDescription', 'X'),
  row('0008103E', 'SeriesDescription', 'X'),
  row('00081040', 'InstitutionalDepartmentName', 'X'),
  row('00081048', 'PhysiciansOfRecord', 'X'),
  row('00081049', 'PhysiciansOfRecordIdentificationSequence', 'X'),
  row('00081050', 'PerformingPhysicianName', 'X'),
  row('00081052', 'PerformingPhysicianIdentificationSequence', 'X'),
  row('00081060', 'NameOfPhysiciansReadingStudy', 'X'),
  row('00081062', 'PhysiciansReadingStudyIdentificationSequence', 'X'),
  row('00081070', 'OperatorsName', 'Z'), // X/Z/D
  row('00081072', 'OperatorIdentificationSequence', 'X'), // X/D
  row('00081080', 'AdmittingDiagnosesDescription', 'X'),
  row('00081084', 'AdmittingDiagnosesCodeSequence', 'X'),
  row('00081110', 'ReferencedStudySequence', 'Z'), // X/Z
  row('00081111', 'ReferencedPerformedProcedureStepSequence', 'Z'), // X/Z/D
  row('00081120', 'ReferencedPatientSequence', 'X'),
  row('00081140', 'ReferencedImageSequence', 'U'), // X/Z/U*
  row('00081155', 'ReferencedSOPInstanceUID', 'U'),
  row('00081195', 'TransactionUID', 'U'),
  row('00082111', 'DerivationDescription', 'X'),
  row('00082112', 'SourceImageSequence', 'U'), // X/Z/U*
  row('00083010', 'IrradiationEventUID', 'U'),
  row('00084000', 'IdentifyingComments', 'X'),
  // Patient
  row('00100010', 'PatientName', 'Z'),
  row('00100020', 'PatientID', 'Z'),
  row('00100021', 'IssuerOfPatientID', 'X'),
  row('00100030', 'PatientBirthDate', 'Z'),
  row('00100032', 'PatientBirthTime', 'X'),
  row('00100040', 'PatientSex', 'Z'),
  row('00100050', 'PatientInsurancePlanCodeSequence', 'X'),
  row('00100101', 'PatientPrimaryLanguageCodeSequence', 'X'),
  row('00100102', 'PatientPrimaryLanguageModifierCodeSequence', 'X'),
  row('00101000', 'OtherPatientIDs', 'X'),
  row('00101001', 'OtherPatientNames', 'X'),
  row('00101002', 'OtherPatientIDsSequence', 'X'),
  row('00101005', 'PatientBirthName', 'X'),
  row('00101010', 'PatientAge', 'X'),
  row('00101020', 'PatientSize', 'X'),
  row('00101030', 'PatientWeight', 'X'),
  row('00101040', 'PatientAddress', 'X'),
  row('00101050', 'InsurancePlanIdentification', 'X'),
  row('00101060', 'PatientMotherBirthName', 'X'),
  row('00101080', 'MilitaryRank', 'X'),
  row('00101081', 'BranchOfService', 'X'),
  row('00101090', 'MedicalRecordLocator', 'X'),
  row('00102000', 'MedicalAlerts', 'X'),
  row('00102110', 'Allergies', 'X'),
  row('00102150', 'CountryOfResidence', 'X'),
  row('00102152', 'RegionOfResidence', 'X'),
  row('00102154', 'PatientTelephoneNumbers', 'X'),
  row('00102160', 'EthnicGroup', 'X'),
  row('00102180', 'Occupation', 'X'),
  row('001021A0', 'SmokingStatus', 'X'),
  row('001021B0', 'AdditionalPatientHistory', 'X'),
  row('001021C0', 'PregnancyStatus', 'X'),
  row('001021D0', 'LastMenstrualDate', 'X'),
  row('001021F0', 'PatientReligiousPreference', 'X'),
  row('00102203', 'PatientSexNeutered', 'Z'), // X/Z
  row('00102297', 'ResponsiblePerson', 'X'),
  row('00102299', 'ResponsibleOrganization', 'X'),
  row('00104000', 'PatientComments', 'X'),
  // Clinical trial subject / study
  row('00120010', 'ClinicalTrialSponsorName', 'D'),
  row('00120020', 'ClinicalTrialProtocolID', 'D'),
  row('00120021', 'ClinicalTrialProtocolName', 'Z'),
  row('00120030', 'ClinicalTrialSiteID', 'Z'),
  row('00120031', 'ClinicalTrialSiteName', 'Z'),
  row('00120040', 'ClinicalTrialSubjectID', 'D'),
  row('00120042', 'ClinicalTrialSubjectReadingID', 'D'),
  row('00120050', 'ClinicalTrialTimePointID', 'Z'),
  row('00120051', 'ClinicalTrialTimePointDescription', 'X'),
  row('00120060', 'ClinicalTrialCoordinatingCenterName', 'Z'),
  // Acquisition and equipment
  row('00180010', 'ContrastBolusAgent', 'Z'), // Z/D
  row('00181000', 'DeviceSerialNumber', 'Z'), // X/Z/D
  row('00181002', 'DeviceUID', 'U'),
  row('00181004', 'PlateID', 'X'),
  row('00181005', 'GeneratorID', 'X'),
  row('00181007', 'CassetteID', 'X'),
  row('00181008', 'GantryID', 'X'),
  row('00181030', 'ProtocolName', 'X'), // X/D
  row('00181200', 'DateOfLastCalibration', 'X'),
  row('00181201', 'TimeOfLastCalibration', 'X'),
  row('00181400', 'AcquisitionDeviceProcessingDescription', 'X'), // X/D
  row('00184000', 'AcquisitionComments', 'X'),
  row('0018700A', 'DetectorID', 'X'), // X/D
  row('00189424', 'AcquisitionProtocolDescription', 'X'),
  row('0018A002', 'ContributionDateTime', 'X'), // X/D
  row('0018A003', 'ContributionDescription', 'X'),
  // Relationship, frame of reference, image
  row('0020000D', 'StudyInstanceUID', 'U'),
  row('0020000E', 'SeriesInstanceUID', 'U'),
  row('00200010', 'StudyID', 'Z'),
  row('00200052', 'FrameOfReferenceUID', 'U'),
  row('00200200', 'SynchronizationFrameOfReferenceUID', 'U'),
  row('00203401', 'ModifyingDeviceID', 'X'),
  row('00203404', 'ModifyingDeviceManufacturer', 'X'),
  row('00203406', 'ModifiedImageDescription', 'X'),
  row('00204000', 'ImageComments', 'X'),
  row('00209158', 'FrameComments', 'X'),
  row('00209161', 'ConcatenationUID', 'U'),
  row('00209164', 'DimensionOrganizationUID', 'U'),
  row('00281199', 'PaletteColorLookupTableUID', 'U'),
  row('00281214', 'LargePaletteColorLookupTableUID', 'U'),
  row('00284000', 'ImagePresentationComments', 'X'),
  // Study, visit and procedure step
  row('00320012', 'StudyIDIssuer', 'X'),
  row('00321020', 'ScheduledStudyLocation', 'X'),
  row('00321021', 'ScheduledStudyLocationAETitle', 'X'),
  row('00321030', 'ReasonForStudy', 'X'),
  row('00321032', 'RequestingPhysician', 'X'),
  row('00321033', 'RequestingService', 'X'),
  row('00321060', 'RequestedProcedureDescription', 'Z'), // X/Z
  row('00321070', 'RequestedContrastAgent', 'X'),
  row('00324000', 'StudyComments', 'X'),
  row('00380010', 'AdmissionID', 'X'),
  row('00380011', 'IssuerOfAdmissionID', 'X'),
  row('0038001E', 'ScheduledPatientInstitutionResidence', 'X'),
  row('00380020', 'AdmittingDate', 'X'),
  row('00380021', 'AdmittingTime', 'X'),
  row('00380040', 'DischargeDiagnosisDescription', 'X'),
  row('00380050', 'SpecialNeeds', 'X'),
  row('00380060', 'ServiceEpisodeID', 'X'),
  row('00380061', 'IssuerOfServiceEpisodeID', 'X'),
  row('00380062', 'ServiceEpisodeDescription', 'X'),
  row('00380300', 'CurrentPatientLocation', 'X'),
  row('00380400', 'PatientInstitutionResidence', 'X'),
  row('00380500', 'PatientState', 'X'),
  row('00381234', 'ReferencedPatientAliasSequence', 'X'),
  row('00384000', 'VisitComments', 'X'),
  row('00400001', 'ScheduledStationAETitle', 'X'),
  row('00400006', 'ScheduledPerformingPhysicianName', 'X'),
  row('00400007', 'ScheduledProcedureStepDescription', 'X'),
  row('0040000B', 'ScheduledPerformingPhysicianIdentificationSequence', 'X'),
  row('00400010', 'ScheduledStationName', 'X'),
  row('00400011', 'ScheduledProcedureStepLocation', 'X'),
  row('00400012', 'PreMedication', 'X'),
  row('00400241', 'PerformedStationAETitle', 'X'),
  row('00400242', 'PerformedStationName', 'X'),
  row('00400243', 'PerformedLocation', 'X'),
  row('00400244', 'PerformedProcedureStepStartDate', 'X'),
  row('00400245', 'PerformedProcedureStepStartTime', 'X'),
  row('00400250', 'PerformedProcedureStepEndDate', 'X'),
  row('00400251', 'PerformedProcedureStepEndTime', 'X'),
  row('00400253', 'PerformedProcedureStepID', 'X'),
  row('00400254', 'PerformedProcedureStepDescription', 'X'),
  row('00400275', 'RequestAttributesSequence', 'X'),
  row('00400280', 'CommentsOnThePerformedProcedureStep', 'X'),
  row('00400555', 'AcquisitionContextSequence', 'X'),
  row('00401001', 'RequestedProcedureID', 'X'),
  row('00401004', 'PatientTransportArrangements', 'X'),
  row('00401005', 'RequestedProcedureLocation', 'X'),
  row('00401010', 'NamesOfIntendedRecipientsOfResults', 'X'),
  row('00401011', 'IntendedRecipientsOfResultsIdentificationSequence', 'X'),
  row('00401102', 'PersonAddress', 'X'),
  row('00401103', 'PersonTelephoneNumbers', 'X'),
  row('00401400', 'RequestedProcedureComments', 'X'),
  row('00402001', 'ReasonForTheImagingServiceRequest', 'X'),
  row('00402008', 'OrderEnteredBy', 'X'),
  row('00402009', 'OrderEntererLocation', 'X'),
  row('00402010', 'OrderCallbackPhoneNumber', 'X'),
  row('00402016', 'PlacerOrderNumberImagingServiceRequest', 'Z'),
  row('00402017', 'FillerOrderNumberImagingServiceRequest', 'Z'),
  row('00402400', 'ImagingServiceRequestComments', 'X'),
  row('00403001', 'ConfidentialityConstraintOnPatientDataDescription', 'X'),
  // Structured reporting and content
  row('0040A027', 'VerifyingOrganization', 'X'),
  row('0040A073', 'VerifyingObserverSequence', 'D'),
  row('0040A075', 'VerifyingObserverName', 'D'),
  row('0040A078', 'AuthorObserverSequence', 'X'),
  row('0040A07A', 'ParticipantSequence', 'X'),
  row('0040A07C', 'CustodialOrganizationSequence', 'X'),
  row('0040A088', 'VerifyingObserverIdentificationCodeSequence', 'Z'),
  row('0040A123', 'PersonName', 'D'),
  row('0040A124', 'UID', 'U'),
  row('0040A171', 'ObservationUID', 'U'),
  row('0040A730', 'ContentSequence', 'X'),
  row('0040DB0C', 'TemplateExtensionOrganizationUID', 'U'),
  row('0040DB0D', 'TemplateExtensionCreatorUID', 'U'),
  row('00620021', 'TrackingUID', 'U'),
  row('00640003', 'SourceFrameOfReferenceUID', 'U'),
  row('00700084', 'ContentCreatorName', 'Z'),
  row('00880140', 'StorageMediaFileSetUID', 'U'),
  row('00880200', 'IconImageSequence', 'X'),
  row('00880904', 'TopicTitle', 'X'),
  row('00880906', 'TopicSubject', 'X'),
  row('00880910', 'TopicAuthor', 'X'),
  row('00880912', 'TopicKeywords', 'X'),
  row('30060024', 'ReferencedFrameOfReferenceUID', 'U'),
  row('300600C2', 'RelatedFrameOfReferenceUID', 'U'),
  row('04000100', 'DigitalSignatureUID', 'X'),
  row('04000561', 'OriginalAttributesSequence', 'X'),
  row('40000010', 'Arbitrary', 'X'),
  row('40004000', 'TextComments', 'X'),
  row('40080042', 'ResultsIDIssuer', 'X'),
  row('40080114', 'PhysicianApprovingInterpretation', 'X'),
  row('FFFAFFFA', 'DigitalSignaturesSequence', 'X'),
  row('FFFCFFFC', 'DataSetTrailingPadding', 'X'),
];

const BY_TAG: ReadonlyMap<string, Action> = new Map(BASIC_PROFILE.map((r) => [r.tag, r.action]));

/** The action for one tag: its row, else a family rule, else keep. */
export function actionFor(tag: string): Action {
  const upper = tag.toUpperCase();
  const listed = BY_TAG.get(upper);
  if (listed) return listed;
  const group = Number.parseInt(upper.slice(0, 4), 16);
  const element = upper.slice(4);
  // Private attributes (odd groups) are removed: the Retain Safe Private option is not offered.
  if (group % 2 === 1) return 'X';
  // Curve data (retired groups 5000-501E) and overlay data / comments (60xx,3000 / 60xx,4000).
  if (group >= 0x5000 && group <= 0x501e) return 'X';
  if (group >= 0x6000 && group <= 0x601e && (element === '3000' || element === '4000')) return 'X';
  return 'K';
}
