export { initRendering, type RenderingOptions } from './init';
export { wadorsImageId, registerInstanceMetadata, getRegisteredMetadata } from './imageIds';
export { prefetchStack, outwardOrder, describeLoadError, type StackLoadProgress, type StackPrefetchOptions } from './prefetch';
export { StackViewer, type StackViewState, type StackViewListener, type StackPresentation } from './stackViewer';
export { loadStackImage, loadModalityValues, setArchiveHeaders, type ArchiveHeaders } from './loadImage';
export { setEarlyFrameSource, type EarlyFrameAnswer, type EarlyFrameSource } from './earlyFrames';
export { decodedImageMemory, watchReleasedImages, type DecodedImageMemory } from './memory';
export { setSuvFactors, suvFactorOf } from './petSuv';
export { MEASUREMENT_KINDS, type MeasurementKind, type MouseTool } from './measurementTools';
export {
  watchMeasurements,
  deleteMeasurement,
  undoMeasurement,
  redoMeasurement,
  measurementImageId,
  selectedMeasurementUid,
  measurementsOnStack,
  replaceMeasurementsOnStack,
  showSavedMeasurementsOnStack,
  copyMeasurementToMine,
  markMeasurementsSaved,
  removeMeasurements,
  type SavedMeasurement,
  type SavedOrigin,
  type PortableMeasurement,
  type Measurement,
  type MeasurementValue,
} from './measurements';
export { volumeGeometryOf, type SliceGeometry, type VolumeGeometry } from './mprGeometry';
export {
  FusionViewer,
  PetMipViewer,
  registerFusionColormaps,
  type FusionLayers,
  type FusionLook,
  type FusionSeries,
  type FusionViewState,
  type PetMipViewState,
  type CanvasMap,
} from './fusion';
export { FUSION_COLORMAPS, FUSION_COLORMAP_NAMES, type FusionColormap, type FusionColormapDefinition } from './fusionColormaps';
export { MprViewer, MPR_PLANES, type MprPlane, type MprPlaneState, type MprViewState, type SlabBlend } from './mpr';
export { VideoPlayer, type VideoClip, type VideoViewState, type VideoViewListener } from './video';
export { readVideoInstance, videoIdentityProblem, NotAVideo, type VideoInstance } from './videoBitstream';
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
export { WsiViewer, type WsiViewState, type WsiViewListener } from './wsi';
export { type WsiFetchCounts } from './wsiClient';
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
export { videoFirstFrame, type VideoThumbnail } from './videoThumbnail';
export { showLabelmapOnStack, setLabelmapLook, removeLabelmapFromViewport, type LabelmapOverlay, type LabelmapLook } from './segmentationOverlay';
