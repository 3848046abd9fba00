import { compactSession, expandSession } from './compactFormat1';
import { openEnvelope, sealEnvelope } from './linkEnvelope';
import { sharedCaseFromReadingUrl } from './readingUrl';
import type { SharedSession } from './types';
import { InvalidField, fail } from './untrustedFields';
import { validateSharedSession } from './validate';

/**
 * The text of a session link (what goes after `#` in the URL): `<format>.<payload>`.
 *
 *   format 0  `0.<archiveId>/<studyUid>?<query>`: the reading URL of issue 6 (see readingUrl.ts)
 *   format 1  `1.<base64url(zlib(utf8(compact JSON)))>`: see compactFormat1.ts and linkEnvelope.ts
 *
 * Decoding reads the payload into that format's document, lifts it one format at a time through
 * MIGRATIONS up to the current one, expands it into the model and validates that. A future
 * format 2 adds: a reader in DOCUMENT_READERS, `1: migrate1to2` in MIGRATIONS, its own expansion
 * in place of expandSession, and CURRENT_FORMAT = 2; links already shared keep opening.
 */

export const CURRENT_FORMAT = 1;

export type SharedDecodeResult =
  | { ok: true; session: SharedSession; /** The format the link was written in. */ version: number }
  | { ok: false; reason: 'damaged' | 'future-version' | 'invalid'; message: string };

/** A session that breaks the model's rules cannot be shared: the link would not open. */
export class InvalidSharedSession extends Error {
  override name = 'InvalidSharedSession';
}

/** What format 0 carries: the path parts and the query string of a reading URL. */
interface Format0Document {
  archiveId: string;
  studyUid: string;
  query: string;
}

class DamagedLink extends Error {}

const DOCUMENT_READERS: Record<number, (payload: string) => unknown> = {
  0: (payload): Format0Document => {
    const queryAt = payload.indexOf('?');
    const path = queryAt < 0 ? payload : payload.slice(0, queryAt);
    const [archiveId, studyUid, ...rest] = path.split('/');
    if (archiveId === undefined || studyUid === undefined || rest.length > 0) throw new DamagedLink();
    return { archiveId, studyUid, query: queryAt < 0 ? '' : payload.slice(queryAt + 1) };
  },
  1: (payload) => {
    const opened = openEnvelope(payload);
    if ('failure' in opened) {
      if (opened.failure === 'damaged') throw new DamagedLink();
      fail('', 'its content is not a view description');
    }
    try {
      return JSON.parse(opened.text) as unknown;
    } catch {
      fail('', 'its content is not a view description');
    }
  },
};

function migrate0to1(document: unknown): unknown {
  const { archiveId, studyUid, query } = document as Format0Document;
  const sharedCase = sharedCaseFromReadingUrl(archiveId, studyUid, new URLSearchParams(query));
  if (!sharedCase) fail('the reading link', 'names no valid archive, study, layout or series');
  return compactSession({ cases: [sharedCase], activeCase: 0 });
}

/** Step N lifts a format-N document to format N + 1. */
const MIGRATIONS: Record<number, (document: unknown) => unknown> = { 0: migrate0to1 };

export function encodeSharedSession(session: SharedSession): string {
  const validation = validateSharedSession(session);
  if (!validation.ok) throw new InvalidSharedSession(`This view cannot be shared: ${validation.message}`);
  return `${CURRENT_FORMAT}.${sealEnvelope(JSON.stringify(compactSession(validation.session)))}`;
}

const DAMAGED_MESSAGE = 'This link is damaged or incomplete: it could not be read. Ask for it to be shared again.';

/** The session a link describes, or why it cannot be opened, in words for the person opening it. Never throws. */
export function decodeSharedSession(text: string): SharedDecodeResult {
  const damaged = { ok: false, reason: 'damaged', message: DAMAGED_MESSAGE } as const;
  if (typeof text !== 'string') return damaged;
  const match = /^([0-9]{1,6})\.(.*)$/s.exec(text.trim());
  if (!match) return damaged;
  const version = Number(match[1]);
  if (version > CURRENT_FORMAT) {
    return {
      ok: false,
      reason: 'future-version',
      message: `This link was made by a newer Longview (format ${version}); this viewer reads format ${CURRENT_FORMAT} and earlier. Open it in an up-to-date Longview.`,
    };
  }
  try {
    let document = (DOCUMENT_READERS[version] as (payload: string) => unknown)(match[2] as string);
    for (let format = version; format < CURRENT_FORMAT; format++) document = (MIGRATIONS[format] as (document: unknown) => unknown)(document);
    const validation = validateSharedSession(expandSession(document));
    if (!validation.ok) return { ok: false, reason: 'invalid', message: `This link does not describe a valid view: ${validation.message}.` };
    return { ok: true, session: validation.session, version };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, reason: 'invalid', message: `This link does not describe a valid view: ${error.message}.` };
    // DamagedLink, and anything unforeseen from a hostile text: opening a link must never crash the viewer.
    return damaged;
  }
}
