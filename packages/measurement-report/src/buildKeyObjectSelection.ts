import { CONCEPT, keyObjectTitleCode } from './codes';
import { codedConcept, dcmjsLibrary } from './dcmjsView';
import { contentDateTime, evidence, patientAndStudy, personObserverContext, predecessorDocuments, seriesAndEquipment, unnamedImageItem, writePart10 } from './documentHeader';
import { MeasurementReportInvalid, type KeyObjectInput } from './model';

const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';

/**
 * A Key Object Selection Document (PS3.3 A.35.4) with the TID 2010 content: the title as root
 * concept, language, the person observer, the optional description and one IMAGE per image.
 */
export function buildKeyObjectSelection(input: KeyObjectInput): ArrayBuffer {
  if (input.images.length === 0) throw new MeasurementReportInvalid('a key image selection needs at least one image');
  const { ContainerContentItem, TextContentItem } = dcmjsLibrary.sr.valueTypes;
  const title = keyObjectTitleCode(input.title);
  const root = new ContainerContentItem({ name: codedConcept(title.value, title.scheme, title.meaning), templateID: '2010' });
  const { keyObjectDescription } = CONCEPT;
  const description = input.description?.trim();
  root.ContentSequence = [
    ...new dcmjsLibrary.sr.templates.LanguageOfContentItemAndDescendants({}),
    ...personObserverContext(input.observerName),
    ...(description
      ? [
          new TextContentItem({
            name: codedConcept(keyObjectDescription.value, keyObjectDescription.scheme, keyObjectDescription.meaning),
            value: description,
            relationshipType: 'CONTAINS',
          }),
        ]
      : []),
    // TID 2010 row 5: the key images, IMAGE items without a concept name.
    ...input.images.map(unnamedImageItem),
  ];
  return writePart10({
    SOPClassUID: KEY_OBJECT_SELECTION,
    SOPInstanceUID: input.sopInstanceUid,
    ...patientAndStudy(input.study),
    ...seriesAndEquipment('KO', input.seriesInstanceUid, 'Longview key images'),
    InstanceNumber: 1,
    ...contentDateTime(input.contentDateTime),
    ...evidence(input.images),
    // The KOS IOD has no Predecessor Documents Sequence of its own; the standard attribute is
    // written as an extension (PS3.4 B.3.1.3 Standard Extended SOP Class) so versions stay linked.
    ...predecessorDocuments(input.predecessor),
    ...root,
  });
}
