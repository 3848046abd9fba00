// dcmjs ships no type declarations. packages/deidentify declares the module 'dcmjs' for the
// whole program (only the Part-10 read/write it uses), and a second `declare module 'dcmjs'`
// here would clash with it (TS2451: its `data` and default export cannot be declared twice).
// So this package describes the parts of dcmjs it uses below and views the same module object
// through that description: one cast, here, instead of one per call site.
import dcmjs from 'dcmjs';

/** A dataset in dcmjs's naturalized form: attribute keywords to values, sequences as arrays. */
export type NaturalizedDataset = Record<string, unknown>;

/** DICOM JSON model (PS3.18 F.2) as dcmjs reads and writes it. */
export type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string }>;

export interface CodedConcept {
  readonly value: string;
  readonly meaning: string;
  readonly schemeDesignator: string;
}

interface CodedConceptOptions {
  value: string;
  meaning: string;
  schemeDesignator: string;
  schemeVersion?: string;
}

type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'INFERRED FROM' | 'SELECTED FROM';

/** A content item (or a template's run of items) as dcmjs builds it: naturalized datasets. */
type Item = NaturalizedDataset;
type Items = NaturalizedDataset[];

interface ImageOptions {
  referencedSOPClassUID: string;
  referencedSOPInstanceUID: string;
  referencedFrameNumbers?: number[];
}

export interface Dcmjs {
  data: {
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
      naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
      /** A new "2.25." UID from a random UUID (PS3.5 B.2). */
      uid(): string;
    };
    DicomDict: new (meta: DenaturalizedDataset) => { dict: DenaturalizedDataset; write(): ArrayBuffer };
    DicomMessage: {
      readFile(buffer: ArrayBuffer): { meta: DenaturalizedDataset; dict: DenaturalizedDataset };
    };
  };
  sr: {
    coding: { CodedConcept: new (options: CodedConceptOptions) => CodedConcept };
    valueTypes: {
      ContainerContentItem: new (options: { name: CodedConcept; relationshipType?: Relationship; templateID?: string }) => Item;
      CodeContentItem: new (options: { name: CodedConcept; value: CodedConcept; relationshipType: Relationship }) => Item;
      TextContentItem: new (options: { name: CodedConcept; value: string; relationshipType: Relationship }) => Item;
      NumContentItem: new (options: { name: CodedConcept; value: number; unit: CodedConcept; relationshipType: Relationship }) => Item;
      ScoordContentItem: new (options: { name: CodedConcept; graphicType: string; graphicData: number[]; relationshipType: Relationship }) => Item;
    };
    contentItems: {
      /** SCOORD (111030, DCM, "Image Region"), CONTAINS, with its source image below. */
      ImageRegion: new (options: { graphicType: string; graphicData: number[]; sourceImage: Item }) => Item;
      /** IMAGE (121324, DCM, "Source Image"), SELECTED FROM. */
      SourceImageForRegion: new (options: ImageOptions) => Item;
    };
    templates: {
      LanguageOfContentItemAndDescendants: new (options: { language?: CodedConcept }) => Items;
      PersonObserverIdentifyingAttributes: new (options: { name: string }) => Items;
      ObserverContext: new (options: { observerType: CodedConcept; observerIdentifyingAttributes: Items }) => Items;
      ObservationContext: new (options: { observerPersonContext: Items }) => Items;
      TrackingIdentifier: new (options: { uid: string; identifier?: string }) => Items;
      MeasurementReport: new (options: {
        languageOfContentItemAndDescendants: Items;
        observationContext: Items;
        procedureReported: CodedConcept;
        imagingMeasurements: Items;
      }) => Items;
    };
  };
}

export const dcmjsLibrary = dcmjs as unknown as Dcmjs;

export function codedConcept(value: string, schemeDesignator: string, meaning: string): CodedConcept {
  return new dcmjsLibrary.sr.coding.CodedConcept({ value, schemeDesignator, meaning });
}
