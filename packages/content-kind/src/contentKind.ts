/**
 * Which viewport shows a series. Decided from the SOP class of its instances (what the object
 * is), then the frame count and transfer syntax where the class allows several presentations:
 * an ultrasound multi-frame is cine, the same object stored as MPEG-4 is video. Anything not
 * listed is "unsupported": the viewer says so with the series' details instead of a blank
 * viewport.
 */
export type ContentKind =
  | 'stack' // cross-sectional or projection images, one frame per instance (CT, MR, CR, DX, MG...)
  | 'cine' // multi-frame images played as a loop (US, XA, cardiac MR multi-frame)
  | 'video' // MPEG-2 / H.264 / HEVC encapsulated video, played by the browser
  | 'photo' // true-colour visible-light photographs and secondary captures
  | 'wsi' // tiled whole-slide microscopy pyramids
  | 'pdf' // encapsulated PDF
  | 'sr' // structured reports and key object selections
  | 'ecg' // waveforms
  | 'unsupported';

export interface ContentTraits {
  sopClassUid: string | undefined;
  /** Frames in the first instance; undefined when the archive does not say. */
  numberOfFrames?: number | undefined;
  transferSyntaxUid?: string | undefined;
  modality?: string | undefined;
}

/** PS3.4 Annex B SOP classes, grouped by the viewport they need. */
export const SOP_CLASSES = {
  wholeSlideMicroscopy: '1.2.840.10008.5.1.4.1.1.77.1.6',
  videoEndoscopic: '1.2.840.10008.5.1.4.1.1.77.1.1.1',
  videoMicroscopic: '1.2.840.10008.5.1.4.1.1.77.1.2.1',
  videoPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4.1',
  vlEndoscopic: '1.2.840.10008.5.1.4.1.1.77.1.1',
  vlMicroscopic: '1.2.840.10008.5.1.4.1.1.77.1.2',
  vlSlideCoordinatesMicroscopic: '1.2.840.10008.5.1.4.1.1.77.1.3',
  vlPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4',
  ophthalmicPhotography8: '1.2.840.10008.5.1.4.1.1.77.1.5.1',
  ophthalmicPhotography16: '1.2.840.10008.5.1.4.1.1.77.1.5.2',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  multiFrameTrueColorSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.4',
  encapsulatedPdf: '1.2.840.10008.5.1.4.1.1.104.1',
  basicTextSr: '1.2.840.10008.5.1.4.1.1.88.11',
  enhancedSr: '1.2.840.10008.5.1.4.1.1.88.22',
  comprehensiveSr: '1.2.840.10008.5.1.4.1.1.88.33',
  comprehensive3dSr: '1.2.840.10008.5.1.4.1.1.88.34',
  keyObjectSelection: '1.2.840.10008.5.1.4.1.1.88.59',
  twelveLeadEcg: '1.2.840.10008.5.1.4.1.1.9.1.1',
  generalEcg: '1.2.840.10008.5.1.4.1.1.9.1.2',
  ambulatoryEcg: '1.2.840.10008.5.1.4.1.1.9.1.3',
  ultrasoundMultiFrame: '1.2.840.10008.5.1.4.1.1.3.1',
  xRayAngiographic: '1.2.840.10008.5.1.4.1.1.12.1',
  xRayRadiofluoroscopic: '1.2.840.10008.5.1.4.1.1.12.2',
  enhancedXa: '1.2.840.10008.5.1.4.1.1.12.1.1',
} as const;

/** MPEG-2, MPEG-4 AVC/H.264 and HEVC/H.265 transfer syntaxes (PS3.5 Table A-1). */
export const VIDEO_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.4.100',
  '1.2.840.10008.1.2.4.100.1',
  '1.2.840.10008.1.2.4.101',
  '1.2.840.10008.1.2.4.101.1',
  '1.2.840.10008.1.2.4.102',
  '1.2.840.10008.1.2.4.102.1',
  '1.2.840.10008.1.2.4.103',
  '1.2.840.10008.1.2.4.103.1',
  '1.2.840.10008.1.2.4.104',
  '1.2.840.10008.1.2.4.104.1',
  '1.2.840.10008.1.2.4.105',
  '1.2.840.10008.1.2.4.105.1',
  '1.2.840.10008.1.2.4.106',
  '1.2.840.10008.1.2.4.106.1',
  '1.2.840.10008.1.2.4.107',
  '1.2.840.10008.1.2.4.108',
]);

const VIDEO_SOPS = new Set<string>([SOP_CLASSES.videoEndoscopic, SOP_CLASSES.videoMicroscopic, SOP_CLASSES.videoPhotographic]);
const PHOTO_SOPS = new Set<string>([
  SOP_CLASSES.vlEndoscopic,
  SOP_CLASSES.vlMicroscopic,
  SOP_CLASSES.vlSlideCoordinatesMicroscopic,
  SOP_CLASSES.vlPhotographic,
  SOP_CLASSES.ophthalmicPhotography8,
  SOP_CLASSES.ophthalmicPhotography16,
  SOP_CLASSES.secondaryCapture,
  SOP_CLASSES.multiFrameTrueColorSecondaryCapture,
]);
const SR_SOPS = new Set<string>([
  SOP_CLASSES.basicTextSr,
  SOP_CLASSES.enhancedSr,
  SOP_CLASSES.comprehensiveSr,
  SOP_CLASSES.comprehensive3dSr,
  SOP_CLASSES.keyObjectSelection,
]);
const ECG_SOPS = new Set<string>([SOP_CLASSES.twelveLeadEcg, SOP_CLASSES.generalEcg, SOP_CLASSES.ambulatoryEcg]);
const CINE_SOPS = new Set<string>([SOP_CLASSES.ultrasoundMultiFrame, SOP_CLASSES.xRayAngiographic, SOP_CLASSES.xRayRadiofluoroscopic, SOP_CLASSES.enhancedXa]);

/** Storage SOP classes of single- or multi-frame images the stack viewport can show. */
const IMAGE_STORAGE_PREFIX = '1.2.840.10008.5.1.4.1.1.';
const NON_IMAGE_STORAGE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.(9\.|11\.|66|67|88\.|104\.|481\.|128\.1|130|200\.)/;

export function contentKindOf(traits: ContentTraits): ContentKind {
  const sop = traits.sopClassUid;
  if (!sop) return 'unsupported';
  if (traits.transferSyntaxUid && VIDEO_TRANSFER_SYNTAXES.has(traits.transferSyntaxUid)) return 'video';
  if (sop === SOP_CLASSES.wholeSlideMicroscopy) return 'wsi';
  if (VIDEO_SOPS.has(sop)) return 'video';
  if (sop === SOP_CLASSES.encapsulatedPdf) return 'pdf';
  if (SR_SOPS.has(sop)) return 'sr';
  if (ECG_SOPS.has(sop)) return 'ecg';
  if (PHOTO_SOPS.has(sop)) return (traits.numberOfFrames ?? 1) > 1 ? 'cine' : 'photo';
  if (CINE_SOPS.has(sop)) return (traits.numberOfFrames ?? 1) > 1 ? 'cine' : 'stack';
  if (sop.startsWith(IMAGE_STORAGE_PREFIX) && !NON_IMAGE_STORAGE.test(sop)) return (traits.numberOfFrames ?? 1) > 1 ? 'cine' : 'stack';
  return 'unsupported';
}
