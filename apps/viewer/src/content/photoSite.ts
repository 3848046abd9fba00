import { getString, Tag, type DicomJson } from '@longview/dicom-meta';

/** Where on the body a photograph was taken, as the overlay shows it and comparisons match it. */
export interface PhotoSite {
  /** ImageLaterality (or series Laterality): R, L, B (both) or U (unpaired). */
  laterality: string | undefined;
  bodyPart: string | undefined;
  /** The first Anatomic Region Sequence item's meaning, e.g. "Forearm". */
  anatomicRegion: string | undefined;
  /** Its code ("SCT 14975008"): compared instead of the meaning, which may be worded differently. */
  anatomicRegionCode: string | undefined;
}

type CodeItem = Partial<Record<string, { Value?: unknown[] }>>;

function firstText(values: unknown[] | undefined): string | undefined {
  const value = values?.[0];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function photoSiteOf(metadata: DicomJson): PhotoSite {
  const region = metadata[Tag.AnatomicRegionSequence]?.Value?.[0] as CodeItem | undefined;
  const codeValue = firstText(region?.[Tag.CodeValue]?.Value);
  const scheme = firstText(region?.[Tag.CodingSchemeDesignator]?.Value);
  return {
    laterality: getString(metadata, 'ImageLaterality') ?? getString(metadata, 'Laterality'),
    bodyPart: getString(metadata, 'BodyPartExamined'),
    anatomicRegion: firstText(region?.[Tag.CodeMeaning]?.Value),
    anatomicRegionCode: codeValue ? `${scheme ?? ''} ${codeValue}`.trim() : undefined,
  };
}

/**
 * Two photographs show the same site when they name the same side and the same place: the
 * anatomic region code where both have one, else the body part. A photo that names no place
 * matches nothing — a comparison of unknown sites would mislead more than help.
 */
export function isSameSite(a: PhotoSite, b: PhotoSite): boolean {
  if ((a.laterality ?? 'U') !== (b.laterality ?? 'U')) return false;
  if (a.anatomicRegionCode && b.anatomicRegionCode) return a.anatomicRegionCode === b.anatomicRegionCode && a.bodyPart === b.bodyPart;
  return a.bodyPart !== undefined && a.bodyPart === b.bodyPart && !a.anatomicRegionCode && !b.anatomicRegionCode;
}

const LATERALITY_NAMES: Record<string, string> = { L: 'Left', R: 'Right', B: 'Both sides', U: 'Unpaired' };

export function lateralityName(laterality: string | undefined): string | undefined {
  return laterality === undefined ? undefined : (LATERALITY_NAMES[laterality] ?? laterality);
}

/**
 * What the viewer says about a photograph's ICC profile (0028,2000). The browser draws in
 * sRGB without colour management of canvas pixels, so an sRGB profile is honoured as is; any
 * other profile is reported as not applied rather than silently ignored.
 */
export function iccProfileNote(metadata: DicomJson): string | undefined {
  if (!metadata[Tag.ICCProfile]) return undefined;
  const colorSpace = getString(metadata, 'ColorSpace');
  if (colorSpace?.toUpperCase() === 'SRGB') return 'ICC profile: sRGB, shown as is (display is sRGB)';
  return `ICC profile${colorSpace ? ` ${colorSpace}` : ''}: not applied, colours shown as stored`;
}
