// The test EHR's HTML: a patient chart picker that performs the SMART EHR launch, and the
// sign-in/consent page of the authorization server. Plain server-rendered forms, every value
// escaped; the e2e test clicks through them as a clinician would.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** "FAMILY, GIVEN · 1958-09-23 · MRN" — the MRN tells namesakes apart. */
export function patientLabel(patient) {
  const name = patient.name?.[0];
  const display = [name?.family, (name?.given ?? []).join(' ')].filter(Boolean).join(', ');
  const mrn = patient.identifier?.[0]?.value ?? 'no identifier';
  return [display || '(no name)', patient.birthDate ?? 'no birth date', mrn].join(' · ');
}

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:52rem}label{display:block;margin:.8rem 0}select,input{font:inherit;margin-left:.5rem}button{font:inherit;padding:.3rem 1rem;margin-right:.5rem}.note{color:#555}</style>
</head><body>${body}</body></html>`;
}

/** The chart picker. Studies of every patient are offered so a test can name a wrong one. */
export function ehrLaunchPage({ patients, imagingStudies, viewer, defaultTtlS }) {
  const patientOptions = patients.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(patientLabel(p))}</option>`).join('');
  const labelOf = new Map(patients.map((p) => [`Patient/${p.id}`, patientLabel(p)]));
  const studyOptions = imagingStudies
    .map((s) => {
      const uid = s.identifier[0].value.replace(/^urn:oid:/, '');
      return `<option value="${escapeHtml(uid)}">${escapeHtml(`${s.started ?? ''} ${s.description ?? ''} — ${labelOf.get(s.subject.reference) ?? ''}`)}</option>`;
    })
    .join('');
  return page(
    'Test EHR',
    `<h1>Test EHR</h1>
<p class="note">A stand-in for an EHR: pick a chart and open its images in Longview with a SMART EHR launch.</p>
<form method="post" action="/ehr/launch">
<label>Patient <select name="patient" required>${patientOptions}</select></label>
<label>Study in context <select name="study"><option value="">(none)</option>${studyOptions}</select></label>
<label>Access token lifetime (seconds) <input name="ttl" type="number" min="5" max="3600" value="${escapeHtml(defaultTtlS)}"></label>
<input type="hidden" name="write" value="0">
<label><input name="write" type="checkbox" value="1" checked> Reader may store results</label>
<label>Viewer <input name="viewer" type="url" size="40" value="${escapeHtml(viewer)}"></label>
<button type="submit">Open images</button>
</form>
<form method="post" action="/ehr/admin/revoke-all"><p class="note">Administration:</p><button type="submit">Revoke every token</button></form>`,
  );
}

/**
 * The authorization server's sign-in and consent, in one step (the EHR user is already known).
 * `mayStoreResults` false: the launch withholds the write scopes, and the page says so.
 */
export function consentPage({ uid, clientId, scope, patientLabel: launchPatient, patients, mayStoreResults = true, userDisplay }) {
  const chooser = launchPatient
    ? `<p>Patient: <strong data-testid="consent-patient">${escapeHtml(launchPatient)}</strong></p>`
    : `<label>Patient <select name="patient" required>${patients.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(patientLabel(p))}</option>`).join('')}</select></label>`;
  return page(
    'Sign in',
    `<h1>Sign in to the test EHR</h1>
<p>Signed in as <strong>${escapeHtml(userDisplay)}</strong> (synthetic clinician: the test EHR has no passwords).</p>
<p><strong>${escapeHtml(clientId)}</strong> asks to: <code>${escapeHtml(scope)}</code></p>
<p data-testid="consent-store-results">Storing results: ${mayStoreResults ? 'allowed' : 'not allowed for this launch (no write scope is granted)'}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
${chooser}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}
