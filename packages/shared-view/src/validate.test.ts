import { describe, expect, it } from 'vitest';
import { compactSession } from './compactFormat1';
import { sealEnvelope } from './linkEnvelope';
import { decodeSharedSession } from './sharedLink';
import { everyFieldSession } from '../testing/everyFieldSession';
import { validateSharedCase, validateSharedSession } from './validate';

type Path = readonly (string | number)[];
const REMOVE = Symbol('remove');

/** The fixture as plain JSON with one value replaced (or removed): tests break it in ways the types forbid. */
function brokenSession(path: Path, value: unknown): unknown {
  const session: unknown = JSON.parse(JSON.stringify(everyFieldSession()));
  let parent = session as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return session;
}

/** A link to a broken session, written without the encoder's validation, as a hostile sharer could. */
function linkTo(session: unknown): string {
  return `1.${sealEnvelope(JSON.stringify(compactSession(session as Parameters<typeof compactSession>[0])))}`;
}

const CELL = ['cases', 0, 'cells', 0] as const;
const ANNOTATION = [...CELL, 'annotations', 0] as const;
const ARROW = [...CELL, 'annotations', 6] as const;
const point = (x: number) => [x, 0, 0];

interface Rule {
  rule: string;
  path: Path;
  value: unknown;
  /** What the message must say (the location and the rule). */
  message: string;
  /** What a link carrying the same break says: the same message, another one, or not expressible in format 1. */
  link: 'same' | 'not-expressible' | { message: string };
}

const RULES: Rule[] = [
  { rule: 'series UID with letters', path: [...CELL, 'seriesUid'], value: '1.2.abc', message: 'case 1, cell 1, series UID: must be a DICOM UID', link: 'same' },
  { rule: 'series UID over 64 characters', path: [...CELL, 'seriesUid'], value: `1.${'2'.repeat(63)}`, message: 'cell 1, series UID: must be a DICOM UID', link: 'same' },
  { rule: 'study UID with an empty component', path: ['cases', 0, 'studyUid'], value: '1..2', message: 'case 1, study UID: must be a DICOM UID', link: 'same' },
  { rule: 'study UID with a patient name', path: ['cases', 0, 'studyUid'], value: 'DOE^JOHN', message: 'case 1, study UID: must be a DICOM UID', link: 'same' },
  { rule: 'segmentation UID with a patient name', path: ['cases', 1, 'segmentations', 0, 'sopInstanceUid'], value: 'DOE^JOHN', message: 'case 2, segmentation 1, SOP instance UID: must be a DICOM UID', link: 'same' },
  { rule: 'segmentation opacity above 1', path: ['cases', 1, 'segmentations', 0, 'opacity'], value: 1.5, message: 'case 2, segmentation 1, opacity: must be a number from 0 and at most 1', link: 'same' },
  { rule: 'hidden segment 0', path: ['cases', 1, 'segmentations', 0, 'hidden', 0], value: 0, message: 'case 2, segmentation 1, hidden segment 1', link: 'same' },
  { rule: 'selected segment number not an integer', path: ['cases', 1, 'selectedSegment', 'segmentNumber'], value: 1.5, message: 'case 2, selected segment, segment number', link: 'same' },
  { rule: 'instance UID', path: ['cases', 0, 'cells', 1, 'sopInstanceUid'], value: '1.2.', message: 'case 1, cell 2, instance UID: must be a DICOM UID', link: 'same' },
  { rule: 'prior study UID', path: ['cases', 0, 'prior', 'studyUid'], value: '', message: 'case 1, prior, study UID: must be a DICOM UID', link: 'same' },
  { rule: 'archive id with a space', path: ['cases', 0, 'archiveId'], value: 'onc ology', message: 'case 1, archive id: must be an archive id', link: 'same' },
  { rule: 'archive id over 64 characters', path: ['cases', 0, 'archiveId'], value: 'a'.repeat(65), message: 'case 1, archive id: must be an archive id', link: 'same' },
  { rule: 'prior archive id', path: ['cases', 0, 'prior', 'archiveId'], value: 'x/y', message: 'case 1, prior, archive id: must be an archive id', link: 'same' },
  { rule: 'layout rows 0', path: ['cases', 0, 'layout', 'rows'], value: 0, message: 'case 1, layout, rows: must be a whole number from 1 to 4', link: 'same' },
  { rule: 'layout columns 5', path: ['cases', 0, 'layout', 'columns'], value: 5, message: 'case 1, layout, columns: must be a whole number from 1 to 4', link: 'same' },
  { rule: 'layout rows not whole', path: ['cases', 0, 'layout', 'rows'], value: 1.5, message: 'case 1, layout, rows: must be a whole number', link: 'same' },
  { rule: 'cells fewer than rows × columns', path: ['cases', 1, 'layout', 'columns'], value: 3, message: 'case 2, cells: must list exactly 3 cells for a 1 × 3 layout', link: 'same' },
  { rule: 'a cell that is not a cell', path: ['cases', 1, 'cells', 1], value: 'empty', message: 'case 2, cell 2: must be a group of fields', link: 'not-expressible' },
  { rule: 'active cell out of range', path: ['cases', 0, 'activeCell'], value: 9, message: 'case 1, active cell: must be a whole number from 0 to 8', link: 'same' },
  { rule: 'maximised cell negative', path: ['cases', 0, 'maximisedCell'], value: -1, message: 'case 1, maximised cell: must be a whole number from 0 to 8', link: 'same' },
  { rule: 'image negative', path: [...CELL, 'image'], value: -1, message: 'case 1, cell 1, image: must be a whole number from 0 to 99999', link: 'same' },
  { rule: 'image over 99999', path: [...CELL, 'image'], value: 100_000, message: 'cell 1, image: must be a whole number from 0 to 99999', link: 'same' },
  { rule: 'image not whole', path: [...CELL, 'image'], value: 2.5, message: 'cell 1, image: must be a whole number', link: 'same' },
  { rule: 'window centre not a number', path: [...CELL, 'window', 'center'], value: null, message: 'cell 1, window, centre: must be a number', link: 'not-expressible' },
  { rule: 'window centre not finite', path: [...CELL, 'window', 'center'], value: Infinity, message: 'cell 1, window, centre: must be a number', link: 'same' },
  { rule: 'window width 0', path: [...CELL, 'window', 'width'], value: 0, message: 'cell 1, window, width: must be a number above 0', link: 'same' },
  { rule: 'window width negative', path: [...CELL, 'window', 'width'], value: -400, message: 'cell 1, window, width: must be a number above 0', link: 'same' },
  { rule: 'zoom 0', path: [...CELL, 'zoom'], value: 0, message: 'cell 1, zoom: must be a number above 0 and at most 100', link: 'same' },
  { rule: 'zoom over 100', path: [...CELL, 'zoom'], value: 150, message: 'cell 1, zoom: must be a number above 0 and at most 100', link: 'same' },
  { rule: 'zoom NaN', path: [...CELL, 'zoom'], value: NaN, message: 'cell 1, zoom: must be a number', link: 'same' },
  { rule: 'pan not finite', path: [...CELL, 'pan', 1], value: -Infinity, message: 'cell 1, pan y: must be a number', link: 'same' },
  { rule: 'pan with three numbers', path: [...CELL, 'pan'], value: [0, 0, 0], message: 'cell 1, pan: must have exactly 2 entries', link: { message: 'cell 1: must have exactly 2 entries' } },
  { rule: 'rotation 360', path: [...CELL, 'rotation'], value: 360, message: 'cell 1, rotation: must be a number from 0 and below 360', link: 'same' },
  { rule: 'rotation negative', path: [...CELL, 'rotation'], value: -90, message: 'cell 1, rotation: must be a number from 0 and below 360', link: 'same' },
  { rule: 'cine fps 0', path: ['cases', 0, 'cells', 5, 'cine', 'framesPerSecond'], value: 0, message: 'cell 6, cine, frames per second: must be a number above 0 and at most 240', link: 'same' },
  { rule: 'cine fps over 240', path: ['cases', 0, 'cells', 5, 'cine', 'framesPerSecond'], value: 241, message: 'cell 6, cine, frames per second: must be a number above 0 and at most 240', link: 'same' },
  { rule: 'cine playing not boolean', path: ['cases', 0, 'cells', 5, 'cine', 'isPlaying'], value: 'yes', message: 'cell 6, cine, playing: must be true or false', link: 'not-expressible' },
  { rule: 'invert not boolean', path: [...CELL, 'invert'], value: 1, message: 'cell 1, invert: must be true or false', link: 'not-expressible' },
  { rule: 'slab over 500 mm', path: ['cases', 0, 'cells', 2, 'mpr', 'slabMm'], value: 501, message: 'cell 3, MPR, slab thickness: must be a number from 0 and at most 500', link: 'same' },
  { rule: 'slab negative', path: ['cases', 0, 'cells', 2, 'mpr', 'slabMm'], value: -1, message: 'cell 3, MPR, slab thickness: must be a number from 0 and at most 500', link: 'same' },
  { rule: 'unknown slab blend', path: ['cases', 0, 'cells', 2, 'mpr', 'blend'], value: 'max', message: 'cell 3, MPR, slab blend: must be one of mip, minip, average', link: { message: 'cell 3, MPR: is not laid out as a format 1 view' } },
  { rule: 'slide resolution zero', path: ['cases', 0, 'cells', 3, 'slide', 'resolution'], value: 0, message: 'cell 4, slide view, resolution: must be a number above 0 and at most 100000', link: 'same' },
  { rule: 'slide centre off any slide', path: ['cases', 0, 'cells', 3, 'slide', 'center', 1], value: 2e7, message: 'cell 4, slide view, centre row: must be a number from -10000000 and at most 10000000', link: 'same' },
  { rule: 'MPR centre off the planet', path: ['cases', 0, 'cells', 2, 'mpr', 'center', 0], value: 2e6, message: 'cell 3, MPR, centre, coordinate 1: must be a number from -1000000 and at most 1000000', link: 'same' },
  { rule: 'study neither current nor prior', path: [...CELL, 'study'], value: 'other', message: 'cell 1, study: must be one of current, prior', link: 'not-expressible' },
  {
    rule: '101 annotations in a cell',
    path: [...CELL, 'annotations'],
    value: Array.from({ length: 101 }, () => ({ kind: 'probe', image: 0, points: [point(1)] })),
    message: 'cell 1, annotations: must have 0 to 100 entries',
    link: 'same',
  },
  { rule: 'annotation with no points', path: [...ANNOTATION, 'points'], value: [], message: 'annotation 1, points: must have 1 to 8 entries', link: { message: 'annotation 1: must have 3 to 24 entries' } },
  {
    rule: 'annotation with 9 points',
    path: [...ANNOTATION, 'points'],
    value: Array.from({ length: 9 }, (_, i) => point(i)),
    message: 'annotation 1, points: must have 1 to 8 entries',
    link: { message: 'annotation 1: must have 3 to 24 entries' },
  },
  { rule: 'length with 3 points', path: [...ANNOTATION, 'points'], value: [point(1), point(2), point(3)], message: 'annotation 1, points: must be 2 for kind length', link: 'same' },
  { rule: 'angle with 2 points', path: [...CELL, 'annotations', 1, 'points'], value: [point(1), point(2)], message: 'annotation 2, points: must be 3 for kind angle', link: 'same' },
  { rule: 'ellipse with 2 points', path: [...CELL, 'annotations', 2, 'points'], value: [point(1), point(2)], message: 'annotation 3, points: must be 4 for kind ellipse', link: 'same' },
  { rule: 'rectangle with 3 points', path: [...CELL, 'annotations', 3, 'points'], value: [point(1), point(2), point(3)], message: 'annotation 4, points: must be 2 or 4 for kind rectangle', link: 'same' },
  { rule: 'probe with 2 points', path: [...CELL, 'annotations', 5, 'points'], value: [point(1), point(2)], message: 'annotation 6, points: must be 1 for kind probe', link: 'same' },
  { rule: 'arrow with 1 point', path: [...ARROW, 'points'], value: [point(1)], message: 'annotation 7, points: must be 2 for kind arrow', link: 'same' },
  { rule: 'point with 2 coordinates', path: [...ANNOTATION, 'points', 0], value: [1, 2], message: 'annotation 1, point 1: must have exactly 3 entries', link: { message: 'annotation 1: is not laid out' } },
  { rule: 'point coordinate not finite', path: [...ANNOTATION, 'points', 0, 2], value: NaN, message: 'annotation 1, point 1, coordinate 3: must be a number', link: { message: 'annotation 1: is not laid out' } },
  { rule: 'unknown annotation kind', path: [...ANNOTATION, 'kind'], value: 'circle', message: 'annotation 1, kind: must be one of length, angle', link: { message: 'annotation 1: is not laid out' } },
  { rule: 'annotation image over 99999', path: [...ANNOTATION, 'image'], value: 100_000, message: 'annotation 1, image: must be a whole number from 0 to 99999', link: 'same' },
  { rule: 'label over 64 characters', path: [...ARROW, 'label'], value: 'x'.repeat(65), message: 'annotation 7, label: must be text of at most 64 printable characters', link: 'same' },
  { rule: 'label with a control character', path: [...ARROW, 'label'], value: 'lesion\u0007', message: 'annotation 7, label: must be text of at most 64 printable characters', link: 'same' },
  { rule: 'label with a line break', path: [...ARROW, 'label'], value: 'a\nb', message: 'annotation 7, label: must be text', link: 'same' },
  { rule: 'label not text', path: [...ARROW, 'label'], value: 42, message: 'annotation 7, label: must be text', link: 'same' },
  { rule: 'label on a length', path: [...ANNOTATION, 'label'], value: 'note', message: 'annotation 1, label: only an arrow carries a label', link: 'same' },
  { rule: 'prior cell without a prior', path: ['cases', 0, 'prior'], value: REMOVE, message: 'case 1, cell 2: shows the prior study, but the case names no prior', link: 'same' },
  { rule: 'no cases', path: ['cases'], value: [], message: 'the case list: must have 1 to 50 entries', link: 'same' },
  {
    rule: '51 cases',
    path: ['cases'],
    value: Array.from({ length: 51 }, () => everyFieldSession().cases[1]),
    message: 'the case list: must have 1 to 50 entries',
    link: 'same',
  },
  { rule: 'active case out of range', path: ['activeCase'], value: 3, message: 'the active case: must be a whole number from 0 to 2', link: 'same' },
  { rule: 'sync missing a field', path: ['cases', 0, 'sync', 'zoom'], value: REMOVE, message: 'case 1, sync: is missing its zoom', link: 'not-expressible' },
  { rule: 'missing series UID', path: [...CELL, 'seriesUid'], value: REMOVE, message: 'case 1, cell 1: is missing its seriesUid', link: { message: 'case 1, cell 1: is missing its s' } },
  { rule: 'unknown key on the session', path: ['patientName'], value: 'DOE^JOHN', message: 'the session: has a field this viewer does not know', link: 'not-expressible' },
  { rule: 'unknown key on a case', path: ['cases', 0, 'patientId'], value: '12345', message: 'case 1: has a field this viewer does not know', link: 'not-expressible' },
  { rule: 'unknown key on a cell', path: [...CELL, 'note'], value: 'x', message: 'case 1, cell 1: has a field this viewer does not know', link: 'not-expressible' },
  { rule: 'unknown key in a window', path: [...CELL, 'window', 'level'], value: 1, message: 'cell 1, window: has a field this viewer does not know', link: 'not-expressible' },
  { rule: 'unknown key on an annotation', path: [...ANNOTATION, 'text'], value: 'x', message: 'annotation 1: has a field this viewer does not know', link: 'not-expressible' },
  { rule: 'unknown key on the prior', path: ['cases', 0, 'prior', 'patientBirthDate'], value: '19500101', message: 'case 1, prior: has a field', link: 'not-expressible' },
];

describe('validateSharedSession', () => {
  it('accepts the fully populated board and gives back exactly its fields', () => {
    const result = validateSharedSession(everyFieldSession());
    expect(result).toEqual({ ok: true, session: everyFieldSession() });
  });

  it('rebuilds the session rather than passing the caller’s object through', () => {
    const session = everyFieldSession();
    const result = validateSharedSession(session);
    expect(result.ok && result.session).not.toBe(session);
    expect(result.ok && result.session.cases[0]).not.toBe(session.cases[0]);
  });

  it('treats a key holding undefined as absent', () => {
    const session = everyFieldSession();
    const result = validateSharedSession({ cases: [{ ...session.cases[1], activeCell: undefined }], activeCase: 0 });
    expect(result.ok && Object.keys(result.session.cases[0] ?? {})).toEqual(['archiveId', 'studyUid', 'layout', 'cells', 'sync', 'segmentations', 'selectedSegment']);
  });

  it.each(RULES)('refuses $rule', ({ path, value, message }) => {
    const result = validateSharedSession(brokenSession(path, value));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it.each(RULES.filter((rule) => rule.link !== 'not-expressible'))('refuses a link with $rule', ({ path, value, message, link }) => {
    const result = decodeSharedSession(linkTo(brokenSession(path, value)));
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    const expected = link === 'same' ? message : (link as { message: string }).message;
    expect(!result.ok && result.message).toMatch(/^This link does not describe a valid view: .+\.$/);
    expect(!result.ok && result.message).toContain(expected);
  });

  it('refuses values that are not sessions at all', () => {
    for (const value of [undefined, null, 42, 'text', [], new Date(), Object.create({ cases: [] }), { cases: 'x', activeCase: 0 }]) {
      expect(validateSharedSession(value).ok).toBe(false);
    }
  });

  it('never repeats the offending key or value in its message (they could be a patient’s name)', () => {
    const result = validateSharedSession(brokenSession(['cases', 0, 'DOE^JOHN'], 'DOE^JOHN'));
    expect(!result.ok && result.message).not.toContain('DOE');
    const uid = validateSharedSession(brokenSession(['cases', 0, 'studyUid'], 'DOE^JANE'));
    expect(!uid.ok && uid.message).not.toContain('DOE');
  });

  it('refuses a JSON "__proto__" key instead of letting it change the prototype', () => {
    const session = JSON.parse(`{"__proto__":{"x":1},"cases":${JSON.stringify(everyFieldSession().cases)},"activeCase":0}`) as unknown;
    const result = validateSharedSession(session);
    expect(!result.ok && result.message).toBe('the session: has a field this viewer does not know');
  });
});

describe('validateSharedCase', () => {
  it('accepts a case and rebuilds it', () => {
    const sharedCase = everyFieldSession().cases[0];
    expect(validateSharedCase(sharedCase)).toEqual({ ok: true, sharedCase });
  });

  it('refuses a case with a smuggled field, naming where', () => {
    expect(validateSharedCase({ ...everyFieldSession().cases[1], patientName: 'DOE^JOHN' })).toEqual({
      ok: false,
      message: 'the case: has a field this viewer does not know',
    });
  });

  it('refuses a cell count that does not fill the layout', () => {
    const sharedCase = everyFieldSession().cases[1];
    expect(validateSharedCase({ ...sharedCase, layout: { rows: 2, columns: 2 } })).toEqual({
      ok: false,
      message: 'the case, cells: must list exactly 4 cells for a 2 × 2 layout',
    });
  });
});
