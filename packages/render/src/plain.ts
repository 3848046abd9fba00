/**
 * The parts of this package that need no engine: the facts and arithmetic the viewer uses
 * around a viewport (what a video's codec is and how its frames map to time, a slide pyramid's
 * levels and magnification, whether slices make a volume, the fusion colour maps). None of it
 * imports Cornerstone3D, vtk.js, dicom-microscopy-viewer or dicom-parser at run time (a rule in
 * .dependency-cruiser.cjs holds it to that), so app code imports it statically and a route
 * chunk that uses it does not pull the engine. The engine itself is `@longview/render`, which
 * the viewer loads lazily (apps/viewer/src/render/loadRender.ts).
 */
export {
  videoCodecOf,
  videoContainerOf,
  videoMimeType,
  unplayableVideoMessage,
  framesPerSecondOf,
  frameIndexAt,
  seekTimeOfFrame,
  formatVideoTime,
  PLAYBACK_RATES,
  CONTAINER_NAMES,
  type VideoCodec,
  type VideoCodecFamily,
  type VideoContainer,
} from './videoCodec';
export {
  wsiPyramidOf,
  tilesIntersecting,
  levelForResolution,
  magnificationOf,
  formatMagnification,
  type WsiPyramid,
  type WsiLevel,
  type WsiOpticalPath,
  type WsiAssociatedImage,
  type BaseRect,
  type TileRange,
} from './wsiGeometry';
export { volumeGeometryOf, type SliceGeometry, type VolumeGeometry } from './mprGeometry';
export { FUSION_COLORMAPS, FUSION_COLORMAP_NAMES, type FusionColormap, type FusionColormapDefinition } from './fusionColormaps';
