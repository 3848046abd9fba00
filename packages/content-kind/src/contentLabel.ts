import { SOP_CLASSES, VIDEO_TRANSFER_SYNTAXES, type ContentKind, type ContentTraits } from './contentKind';
import { sopClassName } from './sopClassName';

/**
 * What a series panel calls a kind of content when it has no picture of it: a name a reader
 * recognises at a glance, never "No preview" alone.
 */
const KIND_NAMES: Record<ContentKind, string> = {
  stack: 'Images',
  cine: 'Cine loop',
  video: 'Video',
  photo: 'Photo',
  wsi: 'Whole slide',
  pdf: 'PDF',
  sr: 'SR report',
  ecg: 'ECG',
  unsupported: 'Not displayable',
};

export function contentKindName(kind: ContentKind): string {
  return KIND_NAMES[kind];
}

/** What a series thumbnail is labelled with, beyond the traits of its first instance. */
export interface ContentLabelFacts {
  /** Images a key object selection flags (its references), when read. */
  keyImageCount?: number | undefined;
}

/** MPEG-2, H.264 and HEVC, by transfer syntax (PS3.5 Table A-1), for a video drawn as an icon. */
function videoCodecName(transferSyntaxUid: string | undefined): string | undefined {
  if (!transferSyntaxUid || !VIDEO_TRANSFER_SYNTAXES.has(transferSyntaxUid)) return undefined;
  const number = Number(transferSyntaxUid.split('.')[7]);
  if (number <= 101) return 'MPEG-2';
  if (number <= 106) return 'H.264';
  return 'HEVC';
}

/**
 * The short label of a series' thumbnail for its kind: "SR report", "Key images (3)", "PDF",
 * "ECG 12-lead", "Video · MPEG-2", "Whole slide". Decided from the SOP class first, as the
 * viewport is: a key object selection is an SR to the viewer but not to a reader.
 */
export function contentLabelOf(kind: ContentKind, traits: ContentTraits, facts: ContentLabelFacts = {}): string {
  const sop = traits.sopClassUid;
  if (sop === SOP_CLASSES.keyObjectSelection) return facts.keyImageCount === undefined ? 'Key images' : `Key images (${facts.keyImageCount})`;
  if (sop === SOP_CLASSES.twelveLeadEcg) return 'ECG 12-lead';
  if (sop === SOP_CLASSES.ambulatoryEcg) return 'ECG ambulatory';
  if (kind === 'video') {
    const codec = videoCodecName(traits.transferSyntaxUid);
    return codec ? `Video · ${codec}` : 'Video';
  }
  // What the object is, when the viewer has no viewport for it: "Raw Data", "RT Structure Set".
  if (kind === 'unsupported') return sopClassName(sop)?.replace(/ (Image )?Storage$/, '') ?? contentKindName(kind);
  return contentKindName(kind);
}
