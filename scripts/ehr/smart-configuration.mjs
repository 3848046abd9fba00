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
  'patient/*.write',
  'patient/ImagingStudy.write',
];

/** Scopes that let a token read a patient's imaging (the archive guard and the FHIR endpoint ask for one). */
export const IMAGING_READ_SCOPES = ['patient/*.read', 'patient/ImagingStudy.read'];

/**
 * Scopes that let a token store results (an SR, key images) into the patient's imaging: the
 * archive guard asks for one on every POST, PUT and DELETE. The scope a refusal names is the
 * narrow one, the one the viewer asks for.
 */
export const IMAGING_WRITE_SCOPES = ['patient/*.write', 'patient/ImagingStudy.write'];
export const IMAGING_WRITE_SCOPE = 'patient/ImagingStudy.write';

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

/** Whether a space-separated scope string grants storing into a patient's imaging. */
export function grantsImagingWrite(scope) {
  const granted = new Set(String(scope ?? '').split(' '));
  return IMAGING_WRITE_SCOPES.some((s) => granted.has(s));
}

/**
 * What the consent step does with the scopes a client asked for: grants those this EHR knows,
 * except a write scope where the launch does not let the reader store results (the chart
 * picker's "Reader may store results"), which it withholds. oidc-provider must be told what is
 * withheld (Grant#rejectOIDCScope): a requested scope neither granted nor rejected sends the
 * user back to consent.
 */
export function consentScopes(requested, { mayStoreResults }) {
  const known = String(requested ?? '').split(' ').filter((scope) => SMART_SCOPES.includes(scope));
  const isWithheld = (scope) => !mayStoreResults && IMAGING_WRITE_SCOPES.includes(scope);
  return { granted: known.filter((scope) => !isWithheld(scope)).join(' '), withheld: known.filter(isWithheld).join(' ') };
}

/**
 * The chart picker's "Reader may store results" as a form sends it: a hidden `write=0` and, when
 * the box is ticked, `write=1` after it. No field at all (a test posting the form by hand) means
 * yes, the default; `write=0` alone means no.
 */
export function mayStoreResultsOf(form) {
  const values = form.getAll('write');
  return values.length === 0 || values.includes('1');
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
