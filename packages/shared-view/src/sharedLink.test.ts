import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sealEnvelope } from './linkEnvelope';
import { sharedCaseFromReadingUrl } from './readingUrl';
import { CURRENT_FORMAT, InvalidSharedSession, decodeSharedSession, encodeSharedSession, type SharedDecodeResult } from './sharedLink';
import { demoSessionOf } from '../testing/demoSession';
import { everyFieldSession } from '../testing/everyFieldSession';
import type { SharedSession } from './types';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DAMAGED = 'This link is damaged or incomplete: it could not be read. Ask for it to be shared again.';

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

/** A decode result is always one of the documented shapes, with words for the person opening the link. */
function expectWellFormed(result: SharedDecodeResult): void {
  if (result.ok) {
    expect(Number.isInteger(result.version)).toBe(true);
  } else {
    expect(['damaged', 'future-version', 'invalid']).toContain(result.reason);
    expect(result.message.length).toBeGreaterThan(20);
  }
}

/** A tiny valid session in the given cell. */
function oneCell(cell: SharedSession['cases'][number]['cells'][number]): SharedSession {
  return { cases: [{ archiveId: 'ct', studyUid: '1.2.3', layout: { rows: 1, columns: 1 }, cells: [cell] }], activeCase: 0 };
}

describe('encodeSharedSession / decodeSharedSession', () => {
  it('gives back every field of a fully populated three-case agenda', () => {
    const text = encodeSharedSession(everyFieldSession());
    expect(text).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(decodeSharedSession(text)).toEqual({ ok: true, session: everyFieldSession(), version: CURRENT_FORMAT });
  });

  it('gives back a PET/CT board: the fusion with its PET, opacity and colour map, and the MIP', () => {
    const session: SharedSession = {
      cases: [
        {
          archiveId: 'oncology',
          studyUid: '1.2.3',
          layout: { rows: 1, columns: 2 },
          cells: [
            { study: 'current', seriesUid: '1.2.3.4', image: 47, window: { center: 40, width: 400 }, fusion: { petSeriesUid: '1.2.3.5', opacity: 0.35, colormap: 'rainbow' } },
            { study: 'current', seriesUid: '1.2.3.5', image: 0, mip: true },
          ],
        },
      ],
      activeCase: 0,
    };
    expect(decodeSharedSession(encodeSharedSession(session))).toEqual({ ok: true, session, version: CURRENT_FORMAT });
    const invalid = oneCell({ study: 'current', seriesUid: '1.2.3.4', image: 0, fusion: { petSeriesUid: '1.2.3.5', opacity: 1.5, colormap: 'rainbow' } });
    expect(() => encodeSharedSession(invalid)).toThrow(InvalidSharedSession);
  });

  it("gives back a tumor board's segmentation looks and selected segment, and refuses an opacity beyond 1 or a segment 0", () => {
    const session: SharedSession = {
      cases: [
        {
          archiveId: 'oncology',
          studyUid: '1.2.3',
          layout: { rows: 1, columns: 1 },
          cells: [{ study: 'current', seriesUid: '1.2.3.4', image: 78 }],
          segmentations: [
            { sopInstanceUid: '1.2.3.300.1', opacity: 0.25, hidden: [2] },
            { sopInstanceUid: '1.2.3.400.1', opacity: 0.5, hidden: [] },
          ],
          selectedSegment: { sopInstanceUid: '1.2.3.300.1', segmentNumber: 1 },
        },
      ],
      activeCase: 0,
    };
    expect(decodeSharedSession(encodeSharedSession(session))).toEqual({ ok: true, session, version: CURRENT_FORMAT });
    const base = session.cases[0] as SharedSession['cases'][number];
    expect(() => encodeSharedSession({ ...session, cases: [{ ...base, segmentations: [{ sopInstanceUid: '1.2', opacity: 1.5, hidden: [] }] }] })).toThrow(InvalidSharedSession);
    expect(() => encodeSharedSession({ ...session, cases: [{ ...base, selectedSegment: { sopInstanceUid: '1.2', segmentNumber: 0 } }] })).toThrow(InvalidSharedSession);
  });

  it('keeps false apart from absent, and field order as the model writes it', () => {
    const result = decodeSharedSession(encodeSharedSession(everyFieldSession()));
    const [first, second] = result.ok ? (result.session.cases[0]?.cells ?? []) : [];
    expect(Object.entries(first ?? {}).filter(([, value]) => value === false)).toEqual([
      ['invert', false],
      ['flipVertical', false],
    ]);
    expect(Object.keys(second ?? {})).toEqual(['study', 'seriesUid', 'sopInstanceUid', 'image', 'window', 'invert', 'zoom', 'pan', 'rotation', 'flipVertical']);
  });

  it('rounds on the way in: points 0.01 mm, window 0.01, zoom/pan/fps 4 significant digits', () => {
    const session = oneCell({
      study: 'current',
      seriesUid: '1.2.3.4',
      image: 7,
      window: { center: 40.123, width: 0.004 },
      zoom: 1.234567,
      pan: [0.0123456, -123.456],
      rotation: 359.999,
      cine: { isPlaying: true, framesPerSecond: 23.456 },
      mpr: { center: [12.3456, -0.004, 7.001], slabMm: 2.499, blend: 'average' },
      annotations: [{ kind: 'length', image: 7, points: [[1.005001, -2.4449, 3.3333], [-0.001, 100.996, 3.3333]] }],
    });
    const result = decodeSharedSession(encodeSharedSession(session));
    expect(result).toEqual({
      ok: true,
      version: 1,
      session: oneCell({
        study: 'current',
        seriesUid: '1.2.3.4',
        image: 7,
        window: { center: 40.12, width: 0.01 },
        zoom: 1.235,
        pan: [0.01235, -123.5],
        rotation: 0,
        cine: { isPlaying: true, framesPerSecond: 23.46 },
        mpr: { center: [12.35, 0, 7], slabMm: 2.5, blend: 'average' },
        annotations: [{ kind: 'length', image: 7, points: [[1.01, -2.44, 3.33], [0, 101, 3.33]] }],
      }),
    });
  });

  it('refuses to encode an invalid session, saying why', () => {
    const invalid = oneCell({ study: 'prior', seriesUid: '1.2.3.4', image: 0 });
    expect(() => encodeSharedSession(invalid)).toThrow(InvalidSharedSession);
    expect(() => encodeSharedSession(invalid)).toThrow('This view cannot be shared: case 1, cell 1: shows the prior study, but the case names no prior');
  });

  it('keeps a 3 × 3 board with 20 annotations under 2,000 characters, a URL any mail client and server keeps whole', () => {
    const text = encodeSharedSession(demoSessionOf({ layout: { rows: 3, columns: 3 }, annotations: 20 }));
    expect(text.length).toBeLessThan(2000);
    expect(decodeSharedSession(text).ok).toBe(true);
  });
});

describe('decodeSharedSession refuses damaged links', () => {
  const text = encodeSharedSession(everyFieldSession());

  it('every single changed character of the payload', () => {
    for (let at = 2; at < text.length; at++) {
      const original = text[at] as string;
      const replacement = BASE64URL[(BASE64URL.indexOf(original) + 1 + (at % 63)) % 64] as string;
      expect(decodeSharedSession(text.slice(0, at) + replacement + text.slice(at + 1))).toEqual({ ok: false, reason: 'damaged', message: DAMAGED });
    }
  });

  it('every truncation', () => {
    for (let length = 0; length < text.length; length++) {
      expect(decodeSharedSession(text.slice(0, length))).toMatchObject({ ok: false, reason: 'damaged' });
    }
  });

  it('text that is not base64url, and the empty string', () => {
    for (const broken of ['', '1.', '1', '.', 'hello', `1.${text.slice(2, 40)}$%${text.slice(42)}`, `1.${text.slice(2)}=`, `1.${text.slice(2)}é`, `1.${text.slice(2)}+/`]) {
      expect(decodeSharedSession(broken)).toEqual({ ok: false, reason: 'damaged', message: DAMAGED });
    }
  });

  it('an intact envelope holding something that is not JSON, or not text', () => {
    const expected = { ok: false, reason: 'invalid', message: 'This link does not describe a valid view: its content is not a view description.' };
    expect(decodeSharedSession(`1.${sealEnvelope('hello, not JSON')}`)).toEqual(expected);
    const notText = zlibSync(new Uint8Array([0xff, 0xfe, 0x80]));
    const base64url = btoa(String.fromCharCode(...notText)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    expect(decodeSharedSession(`1.${base64url}`)).toEqual(expected);
  });

  it('JSON that is not laid out as format 1, naming where', () => {
    const linkOf = (json: unknown) => `1.${sealEnvelope(JSON.stringify(json))}`;
    const cell = { s: '1.2.3.4', i: 0 };
    const caseWith = (c: unknown) => [[{ a: 'ct', s: '1.2.3', l: [1, 1], c: [c] }], 0];
    expect(decodeSharedSession(linkOf(caseWith(cell)))).toMatchObject({ ok: true, session: { cases: [{ cells: [{ study: 'current', seriesUid: '1.2.3.4', image: 0 }] }] } });
    expect(decodeSharedSession(linkOf(caseWith({ ...cell, pn: 'DOE^JOHN' })))).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'This link does not describe a valid view: case 1, cell 1: has a field this viewer does not know.',
    });
    expect(decodeSharedSession(linkOf(caseWith({ ...cell, v: true })))).toMatchObject({
      reason: 'invalid',
      message: 'This link does not describe a valid view: case 1, cell 1: is not laid out as a format 1 view.',
    });
    expect(decodeSharedSession(linkOf({ cases: [], activeCase: 0 }))).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'This link does not describe a valid view: the link: must be a list.',
    });
  });

  it('a link from a newer format, saying which', () => {
    expect(decodeSharedSession('3.eNqLjgUAARUAuQ')).toEqual({
      ok: false,
      reason: 'future-version',
      message: 'This link was made by a newer Longview (format 3); this viewer reads format 1 and earlier. Open it in an up-to-date Longview.',
    });
    expect(decodeSharedSession(`2.${text.slice(2)}`)).toMatchObject({ ok: false, reason: 'future-version' });
  });

  it('never throws on random text or random byte flips (fuzz)', () => {
    const random = seededRandom(8);
    const alphabet = `${BASE64URL}.?&=:,/%é\u0000\u{1F600}`;
    const bytesOfText = (payload: string) => Uint8Array.from(atob(payload.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (payload.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const textOfBytes = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const payloadBytes = bytesOfText(text.slice(2));
    for (let round = 0; round < 3000; round++) {
      const length = Math.floor(random() * 200);
      const prefix = ['', '0.', '1.', '2.', '1.eNp'][round % 5] as string;
      const noise = prefix + Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expectWellFormed(decodeSharedSession(noise));

      const flipped = Uint8Array.from(payloadBytes);
      const flips = 1 + Math.floor(random() * 3);
      const flippedAt: number[] = [];
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * flipped.length);
        flipped[at] = (flipped[at] as number) ^ (1 + Math.floor(random() * 255));
        flippedAt.push(at);
      }
      const result = decodeSharedSession(`1.${textOfBytes(flipped)}`);
      expectWellFormed(result);
      // A damaged link never opens another view. (A flip in the zlib header's compression-level
      // hint leaves a valid header and the same content: that one opens the same view.)
      if (result.ok) {
        expect(result.session).toEqual(everyFieldSession());
        expect(Math.max(...flippedAt)).toBeLessThan(2);
      }
    }
  }, 60_000); // seeded, so always the same work; generous because CI shares 2 cores with the rest of the suite

  it('never throws on values that are not text at all', () => {
    for (const value of [undefined, null, 42, {}, []]) {
      expect(decodeSharedSession(value as unknown as string)).toEqual({ ok: false, reason: 'damaged', message: DAMAGED });
    }
  });
});

describe('format 0 (the reading URL) through the migration chain', () => {
  const CURRENT = '1.2.826.0.1.3680043.8.498.1';
  const SERIES = '1.2.826.0.1.3680043.8.498.2';
  const PRIOR = '1.2.826.0.1.3680043.8.498.9';
  const PRIOR_SERIES = '1.2.826.0.1.3680043.8.498.10';

  it('opens a 1 × 2 reading link with a prior as the same case, first images, migrated to format 1', () => {
    const query = `layout=1x2&cells=c:${SERIES},p:${PRIOR_SERIES}&prior=legacy:${PRIOR}`;
    const result = decodeSharedSession(`0.ct/${CURRENT}?${query}`);
    expect(result).toEqual({
      ok: true,
      version: 0,
      session: {
        cases: [
          {
            archiveId: 'ct',
            studyUid: CURRENT,
            prior: { archiveId: 'legacy', studyUid: PRIOR },
            layout: { rows: 1, columns: 2 },
            cells: [
              { study: 'current', seriesUid: SERIES, image: 0 },
              { study: 'prior', seriesUid: PRIOR_SERIES, image: 0 },
            ],
          },
        ],
        activeCase: 0,
      },
    });
    expect(result.ok && result.session.cases[0]).toEqual(sharedCaseFromReadingUrl('ct', CURRENT, new URLSearchParams(query)));
  });

  it('opens the original ?series= link', () => {
    expect(decodeSharedSession(`0.ct/${CURRENT}?series=${SERIES}`)).toMatchObject({
      ok: true,
      version: 0,
      session: { cases: [{ layout: { rows: 1, columns: 1 }, cells: [{ study: 'current', seriesUid: SERIES, image: 0 }] }] },
    });
  });

  it('refuses a reading link that names no view, and one without a study', () => {
    expect(decodeSharedSession(`0.ct/${CURRENT}?layout=9x9`)).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'This link does not describe a valid view: the reading link: names no valid archive, study, layout or series.',
    });
    expect(decodeSharedSession('0.ct')).toMatchObject({ ok: false, reason: 'damaged' });
    expect(decodeSharedSession(`0.ct/${CURRENT}/extra?series=${SERIES}`)).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('re-encodes a migrated link as format 1 with the same view', () => {
    const migrated = decodeSharedSession(`0.ct/${CURRENT}?series=${SERIES}`);
    if (!migrated.ok) throw new Error(migrated.message);
    expect(decodeSharedSession(encodeSharedSession(migrated.session))).toEqual({ ok: true, version: 1, session: migrated.session });
  });
});
