/**
 * The rendering engine: Cornerstone3D, vtk.js, dicom-microscopy-viewer and the WASM decoders,
 * most of the viewer's JavaScript. The viewer loads this entry lazily, through
 * apps/viewer/src/render/loadRender.ts, so the study list never downloads it and a viewer route
 * asks the archive for its instances while the engine is still downloading and compiling.
 * Elsewhere the app imports only types from here (.dependency-cruiser.cjs checks it).
 *
 * What needs no engine has its own light doors, imported statically: `@longview/render/plain`
 * (video codec facts, slide pyramid and volume geometry, fusion colour maps),
 * `@longview/render/ids` (image ids) and `@longview/render/seriesStream` (the series retrieve
 * worker). Each name has one door: what `plain` exports is not exported again here.
 */
export { initRendering, type RenderingOptions } from './init';
export { registerInstanceMetadata, getRegisteredMetadata } from './imageIds';
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
export { MprViewer, MPR_PLANES, type MprPlane, type MprPlaneState, type MprViewState, type SlabBlend } from './mpr';
export { VideoPlayer, type VideoClip, type VideoViewState, type VideoViewListener } from './video';
export { readVideoInstance, videoIdentityProblem, NotAVideo, type VideoInstance } from './videoBitstream';
export { WsiViewer, type WsiViewState, type WsiViewListener } from './wsi';
export { type WsiFetchCounts } from './wsiClient';
export { videoFirstFrame, type VideoThumbnail } from './videoThumbnail';
export { showLabelmapOnStack, setLabelmapLook, removeLabelmapFromViewport, type LabelmapOverlay, type LabelmapLook } from './segmentationOverlay';
