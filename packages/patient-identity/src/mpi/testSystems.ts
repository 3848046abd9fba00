// Test fixture shared by the PIXm and PDQm tests: the corpus's systems and issuers.
import type { IdentifierSystemMap } from './identitySource';

const ISSUER_BY_SYSTEM: Record<string, string> = {
  'urn:oid:2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD',
  'urn:oid:2.16.840.1.113883.3.9999.2': 'LONGVIEW-CARD',
  'https://longview.example/fhir/sid/path-mrn': 'LONGVIEW-PATH',
};

export const testSystems: IdentifierSystemMap = {
  issuerOf: (system) => ISSUER_BY_SYSTEM[system],
  systemOf: (issuer) => Object.entries(ISSUER_BY_SYSTEM).find(([, known]) => known === issuer)?.[0],
};

export interface RecordedRequest {
  url: URL;
  authorization: string | null;
}

/** A fetch that answers `status` and `body` (a string is sent as is) and records what was asked. */
export function answering(status: number, body: unknown, requests: RecordedRequest[] = []): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    requests.push({ url: new URL(String(input)), authorization: headers.get('authorization') });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status, headers: { 'content-type': 'application/fhir+json' } }));
  };
}

export const outcome = (code: string, diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });
