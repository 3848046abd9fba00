import { dcmjsLibrary } from './dcmjsView';

/** 8-bit sRGB, each channel 0..255: the colour a viewer paints. */
export type Rgb8 = readonly [number, number, number];

/**
 * A Recommended Display CIELab Value (PS3.3 C.10.7.1.1: CIELab under D50, scaled to 0..65535)
 * as sRGB, by dcmjs's conversion: the one the corpus writer's rgb82DICOMLAB inverts.
 */
export function rgb8OfDicomLab(dicomLab: readonly number[]): Rgb8 | undefined {
  if (dicomLab.length !== 3 || !dicomLab.every((value) => value >= 0 && value <= 65535)) return undefined;
  const [r, g, b] = dcmjsLibrary.data.Colors.dicomlab2RGB8(dicomLab);
  return [r as number, g as number, b as number];
}
