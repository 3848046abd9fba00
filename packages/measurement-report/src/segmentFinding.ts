import type { ContentItem } from '@longview/structured-report';
import { CONCEPT } from './codes';
import { childText, childUid, isConcept } from './contentItems';
import type { DeviceObserver, FindingValue, ReferencedSegment, ReportCode, SegmentFinding } from './model';

const isCode = (code: ReportCode | undefined, expected: { value: string; scheme: string }) => code?.value === expected.value && code.scheme === expected.scheme;

/** The code of the first CODE child of this concept (a Finding, a Finding Site, a Derivation). */
function childCode(parent: ContentItem, concept: { value: string; scheme: string }): ReportCode | undefined {
  const item = parent.children.find((child) => child.valueType === 'CODE' && isConcept(child, concept));
  return item?.valueType === 'CODE' ? item.code : undefined;
}

/**
 * The report's device observer (TID 1002 Observer Type = Device, then TID 1004's name, UID,
 * manufacturer and model), when it names one: the report is then a program's result, not a
 * reader's, whatever its Manufacturer attribute says.
 */
export function deviceObserverOf(root: ContentItem): DeviceObserver | undefined {
  const isDeviceObserver = root.children.some((item) => item.valueType === 'CODE' && isConcept(item, CONCEPT.observerType) && isCode(item.code, CONCEPT.device));
  const device: DeviceObserver = {
    uid: childUid(root, CONCEPT.deviceObserverUid),
    name: childText(root, CONCEPT.deviceObserverName.value),
    manufacturer: childText(root, CONCEPT.deviceObserverManufacturer.value),
    model: childText(root, CONCEPT.deviceObserverModelName.value),
  };
  return isDeviceObserver || Object.values(device).some((part) => part !== undefined) ? device : undefined;
}

/**
 * The SEG segment a measurement group's region is (TID 1411 Referenced Segment: an IMAGE item
 * whose reference carries a ReferencedSegmentNumber), or undefined for a group drawn on images.
 */
export function referencedSegmentOf(items: readonly ContentItem[]): ReferencedSegment | undefined {
  for (const item of items) {
    const segmentNumber = item.valueType === 'IMAGE' ? item.reference?.segments?.[0] : undefined;
    if (item.valueType === 'IMAGE' && item.reference && segmentNumber !== undefined) return { segmentationSopInstanceUid: item.reference.sopInstanceUid, segmentNumber };
  }
  return undefined;
}

/** TID 4019: the algorithm's name and version among the item's modifiers. */
function algorithmOf(item: ContentItem): SegmentFinding['algorithm'] {
  const name = childText(item, CONCEPT.algorithmName.value);
  return name ? { name, version: childText(item, CONCEPT.algorithmVersion.value) } : undefined;
}

/**
 * A TID 1411 group on a segment, read as a finding: `items` are the group's own items (not those
 * of a group nested in it), `segment` what referencedSegmentOf found among them. A value without
 * a number is left out and said in the finding's problems.
 */
export function readSegmentFinding(group: ContentItem, items: readonly ContentItem[], segment: ReferencedSegment): SegmentFinding {
  const trackingIdentifier = childText(group, CONCEPT.trackingIdentifier.value);
  const finding = childCode(group, CONCEPT.finding);
  const name = `“${finding?.meaning ?? trackingIdentifier ?? `segment ${segment.segmentNumber}`}”`;
  const values: FindingValue[] = [];
  const problems: string[] = [];
  const nums = items.filter((item): item is Extract<ContentItem, { valueType: 'NUM' }> => item.valueType === 'NUM' && item.concept !== undefined);
  for (const num of nums) {
    const concept = num.concept as ReportCode;
    const value = Number(num.measurement?.value);
    if (num.measurement?.value === undefined || !Number.isFinite(value)) {
      const why = num.measurement?.qualifier ? ` (${num.measurement.qualifier.meaning})` : '';
      problems.push(`Finding ${name}: its ${concept.meaning} has no number${why}.`);
      continue;
    }
    values.push({ concept, derivation: childCode(num, CONCEPT.derivation), value, unit: num.measurement.unit?.value ?? '1' });
  }
  const [firstNum] = nums;
  return {
    trackingIdentifier,
    trackingUid: childUid(group, CONCEPT.trackingUid),
    finding,
    findingSite: childCode(group, CONCEPT.findingSite),
    algorithm: algorithmOf(group) ?? (firstNum ? algorithmOf(firstNum) : undefined),
    segment,
    values,
    problems,
  };
}
