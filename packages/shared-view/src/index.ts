export type { SharedSession, SharedCase, SharedCell, SharedAnnotation, SharedMpr, SharedSlideView, SharedFusion, SharedSegmentation, FusionColormapName, MeasurementKind, MprPlane, SlabBlend, WorldPoint } from './types';
export { encodeSharedSession, decodeSharedSession, InvalidSharedSession, CURRENT_FORMAT, type SharedDecodeResult } from './sharedLink';
export { validateSharedSession, validateSharedCase, SHARED_VIEW_LIMITS, type SharedSessionValidation, type SharedCaseValidation } from './validate';
export { sharedCaseFromReadingUrl } from './readingUrl';
