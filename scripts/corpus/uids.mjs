// Deterministic DICOM UIDs: "2.25." + decimal of the first 128 bits of
// sha256(key). 2.25 is the UUID-derived root (PS3.5 B.2) that needs no
// registered org root, and hashing a stable key means re-running the
// generator yields byte-identical UIDs, so Orthanc sees the same instances
// (no duplicate studies after a regenerate) and tests can hard-code nothing
// but still rely on the manifest across runs.
import { createHash } from 'node:crypto';

// Changing this namespace changes every UID in the corpus; only do it when
// the content changes incompatibly.
const UID_NAMESPACE = 'longview-synthetic-corpus';

export function deterministicUid(key) {
  const digest = createHash('sha256').update(`${UID_NAMESPACE}/${key}`).digest();
  const value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  return `2.25.${value.toString(10)}`;
}

export const studyUid = (studyKey) => deterministicUid(`study/${studyKey}`);
export const seriesUid = (seriesKey) => deterministicUid(`series/${seriesKey}`);
export const instanceUid = (seriesKey, instanceNumber) => deterministicUid(`instance/${seriesKey}/${instanceNumber}`);
export const frameOfReferenceUid = (key) => deterministicUid(`frame-of-reference/${key}`);

// Written into every file's meta header (0002,0012) as our "implementation".
export const IMPLEMENTATION_CLASS_UID = deterministicUid('implementation/longview-corpus-generator');
