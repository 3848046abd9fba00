// SMART App Launch discovery (http://hl7.org/fhir/smart-app-launch/conformance.html): what a
// SMART client reads from <fhir base>/.well-known/smart-configuration before it authorizes.

/** The scopes this test EHR grants (SMART v1 names, which fhirclient asks for). */
export const SMART_SCOPES = [
  'openid',
  'fhirUser',
  'launch',
  'launch/patient',
  'offline_access',
  'patient/*.read',
  'patient/Patient.read',
  'patient/ImagingStudy.read',
];

/** Scopes that let a token read a patient's imaging (the archive guard and the FHIR endpoint ask for one). */
export const IMAGING_READ_SCOPES = ['patient/*.read', 'patient/ImagingStudy.read'];

export function smartConfiguration(issuer) {
  const base = issuer.replace(/\/$/, '');
  return {
    issuer: base,
    jwks_uri: `${base}/jwks`,
    authorization_endpoint: `${base}/auth`,
    token_endpoint: `${base}/token`,
    introspection_endpoint: `${base}/token/introspection`,
    revocation_endpoint: `${base}/token/revocation`,
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    scopes_supported: SMART_SCOPES,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-standalone-patient',
      'permission-offline',
      'permission-patient',
      'sso-openid-connect',
    ],
  };
}

/** Whether a space-separated scope string grants reading a patient's imaging. */
export function grantsImagingRead(scope) {
  const granted = new Set(String(scope ?? '').split(' '));
  return IMAGING_READ_SCOPES.some((s) => granted.has(s));
}

/**
 * The SMART launch context fields of a token response (SMART App Launch 2.x, "launch context"):
 * the patient, and the study in context as fhirContext. The study is named by its DICOM UID
 * identifier (fhirContext items may carry an identifier), so the viewer can check it against
 * the archives itself rather than trusting the EHR's link.
 */
export function launchContextFields(context) {
  if (!context?.patient) return {};
  return {
    patient: context.patient,
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.studyUid
      ? { fhirContext: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${context.studyUid}` } }] }
      : {}),
    need_patient_banner: false,
  };
}

/** http(s)://127.0.0.1 or localhost at any port: the only origins the test EHR answers CORS for. */
export function isLoopbackOrigin(origin) {
  return /^https?:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/.test(origin ?? '');
}
