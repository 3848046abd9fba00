/**
 * Body Part Examined is free text in practice: "THORAX", "Lungs", "CHEST" all mean one region.
 * Comparing studies (priors, hanging protocols) needs one spelling per region.
 */
const REGION_OF_SPELLING: Readonly<Record<string, string>> = {
  // DICOM PS3.16 CID 4031 terms and common free text, upper case, letters only.
  BRAIN: 'HEAD',
  SKULL: 'HEAD',
  THORAX: 'CHEST',
  LUNG: 'CHEST',
  LUNGS: 'CHEST',
  ABD: 'ABDOMEN',
  BREASTS: 'BREAST',
  CORONARYARTERY: 'HEART',
  CARDIAC: 'HEART',
};

/** The region a Body Part Examined value names, in one spelling ("Lungs" → "CHEST"). */
export function bodyRegion(bodyPart: string): string {
  const compact = bodyPart.toUpperCase().replace(/[^A-Z]/g, '');
  return REGION_OF_SPELLING[compact] ?? compact;
}
