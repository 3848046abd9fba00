/**
 * Whether an image may carry identifying text in its pixels, from BurnedInAnnotation
 * (0028,0301). The Basic Profile leaves pixels alone, so only an explicit "NO" lets an
 * export go without the warning; an absent attribute is a maybe, not a no.
 */
export function mayHaveBurnedInText(burnedInAnnotation: string | undefined): boolean {
  return burnedInAnnotation?.trim().toUpperCase() !== 'NO';
}
