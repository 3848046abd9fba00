export {
  stackGeometry,
  matchingSlice,
  linkAt,
  defaultLink,
  areParallel,
  type StackGeometry,
  type PositionedImage,
  type SliceLink,
} from './sliceSync';
export { referenceLine, type ImagePlane } from './referenceLine';
