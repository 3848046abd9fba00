import type { ContentItem } from '@longview/structured-report';

/** Every item below `from`, depth first, in document order; items `canEnter` refuses are listed but not entered. */
export function descendants(from: ContentItem, canEnter: (item: ContentItem) => boolean = () => true): ContentItem[] {
  return from.children.flatMap((child) => [child, ...(canEnter(child) ? descendants(child, canEnter) : [])]);
}

export function isContainer(item: ContentItem, conceptValue: string): boolean {
  return item.valueType === 'CONTAINER' && item.concept?.value === conceptValue && item.concept.scheme === 'DCM';
}

/** Whether the item's concept name is this code. */
export function isConcept(item: ContentItem, code: { value: string; scheme: string }): boolean {
  return item.concept?.value === code.value && item.concept.scheme === code.scheme;
}

/** The text of the first TEXT child named `conceptValue`, if it has any. */
export function childText(parent: ContentItem, conceptValue: string): string | undefined {
  const item = parent.children.find((child) => child.valueType === 'TEXT' && child.concept?.value === conceptValue);
  return item?.valueType === 'TEXT' && item.text ? item.text : undefined;
}

/** The UID of the first UIDREF child of this concept, if it has one. */
export function childUid(parent: ContentItem, code: { value: string; scheme: string }): string | undefined {
  const item = parent.children.find((child) => child.valueType === 'UIDREF' && isConcept(child, code));
  return item?.valueType === 'UIDREF' && item.uid ? item.uid : undefined;
}
