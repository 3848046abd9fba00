export { readContentItem, type Code, type ContentItem, type ImageReference, type Measurement } from './contentTree';
export {
  readSrDocument,
  referencedObjects,
  keyObjectDescription,
  readKeyImageSelection,
  evidenceLocations,
  predecessorDocuments,
  type SrDocument,
  type SrDocumentKind,
  type KeyImageSelection,
} from './srDocument';
export { reportRows, formatUnit, formatMeasurement, type ReportRow, type RowValue } from './reportRows';
