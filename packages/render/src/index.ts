export { initRendering, type RenderingOptions } from './init';
export { wadorsImageId, registerInstanceMetadata, getRegisteredMetadata } from './imageIds';
export { prefetchStack, outwardOrder, describeLoadError, type StackLoadProgress, type StackPrefetchOptions } from './prefetch';
export { StackViewer, type StackViewState, type StackViewListener } from './stackViewer';
export { loadStackImage, setArchiveHeaders, type ArchiveHeaders } from './loadImage';
export { decodedImageMemory, watchReleasedImages, type DecodedImageMemory } from './memory';
