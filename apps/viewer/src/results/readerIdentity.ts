import { currentSmartClient, smartSessionState } from '../archives/smartSession';

/** The person observer of reports saved without a signed-in identity (issue 28: never a guess). */
export const UNKNOWN_READER = 'Unknown reader';

interface HumanName {
  family?: string;
  given?: string[];
  prefix?: string[];
}

/** A FHIR HumanName as a DICOM PN (family^given^middle^prefix), the form an SR's observer takes. */
export function personNameOf(name: HumanName | undefined): string | undefined {
  if (!name?.family && !name?.given?.length) return undefined;
  const [given, ...middle] = name.given ?? [];
  const parts = [name.family ?? '', given ?? '', middle.join(' '), (name.prefix ?? []).join(' ')];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('^');
}

/**
 * The reader who saves: the signed-in user's FHIR resource (the SMART `fhirUser` claim, read
 * with the session's token), as a DICOM person name; UNKNOWN_READER without a sign-in or when
 * the EHR does not say who it is. The name stays in the page and the saved report: it goes into
 * no URL and no log.
 */
export function signedInReaderName(): Promise<string> {
  const client = currentSmartClient();
  if (!client || smartSessionState().kind !== 'active') return Promise.resolve(UNKNOWN_READER);
  // Asked once per sign-in, however many viewports and panels want it.
  if (askedName?.client !== client) {
    const asking = client.user
      .read()
      .then((user) => personNameOf((user as { name?: HumanName[] } | undefined)?.name?.[0]) ?? UNKNOWN_READER)
      .catch(() => UNKNOWN_READER);
    askedName = { client, name: asking };
  }
  return askedName.name;
}

let askedName: { client: object; name: Promise<string> } | undefined;

/** SMART v1 scopes that let a token store a patient's imaging results (the archive's gate asks for one). */
const IMAGING_WRITE_SCOPES = ['patient/*.write', 'patient/ImagingStudy.write', 'user/*.write', 'user/ImagingStudy.write'];

/**
 * Why the signed-in session may not store results in a token-protected archive, or undefined
 * when it may: no sign-in, or a token granted without a write scope (the EHR decides). Said
 * before anything is sent, so the archive receives nothing it would refuse.
 */
export function bearerWriteProblem(archiveName: string): string | undefined {
  const client = currentSmartClient();
  if (!client || smartSessionState().kind !== 'active') return `${archiveName} needs you to sign in before results can be stored.`;
  const granted = new Set(String(client.state.tokenResponse?.scope ?? '').split(' '));
  if (IMAGING_WRITE_SCOPES.some((scope) => granted.has(scope))) return undefined;
  return `Your sign-in does not allow storing results in ${archiveName}: the EHR granted read access only. Ask for write access, then sign in again.`;
}
