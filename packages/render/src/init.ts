import { cache, imageLoader, init as initCore } from '@cornerstonejs/core';
import { init as initDicomImageLoader } from '@cornerstonejs/dicom-image-loader';
import { loadWadorsImage } from './earlyFrames';
import { restoreMetadataAfterLoaderStart } from './imageIds';
import { refuseDamagedFrames } from './frameIntegrity';
import { requestHeadersFor } from './loadImage';
import { exposeMemoryGauge } from './memory';

export interface RenderingOptions {
  /** Where codec .wasm files are served, when not where the bundler put them. */
  wasmBasePath?: string;
  /** Decoder web workers; decoding is the CPU-heavy part of loading a series. */
  maxDecodeWorkers?: number;
  /** Upper bound of decoded pixels kept in memory (config.json "memory.decodedImageBytes"). */
  cacheBytes?: number | undefined;
  /** WebGL contexts the rendering engine keeps; viewports share them. */
  webGlContextCount?: number;
}

/** 1 GiB holds several 512² CT series of a few hundred slices (128 MiB each as 16-bit). */
const DEFAULT_CACHE_BYTES = 1024 * 1024 * 1024;

let initialised: Promise<void> | undefined;

/**
 * Starts Cornerstone3D once per page: core, the DICOM image loader with its WASM decoders
 * in web workers. Interaction tools follow the first image (tools.ts). Safe to call from
 * every viewport.
 */
export function initRendering(options: RenderingOptions = {}): Promise<void> {
  initialised ??= (async () => {
    // Cornerstone's context pool opens 7 WebGL contexts up front (for 7 viewports rendering
    // in parallel). One viewport needs one; each extra context costs start-up time and GPU
    // memory (on SwiftShader, CPU memory). Layouts with several viewports can raise it.
    // init() deep-merges a partial configuration over its defaults; its type asks for all of it.
    const configuration = { rendering: { webGlContextCount: options.webGlContextCount ?? 1 } };
    await initCore(configuration as unknown as Parameters<typeof initCore>[0]);
    const workers = options.maxDecodeWorkers ?? Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
    initDicomImageLoader({
      maxWebWorkers: workers,
      beforeSend: (_xhr: XMLHttpRequest, imageId: string) => requestHeadersFor(imageId),
      // A compressed frame cut short or overwritten is refused before a decoder sees it.
      beforeProcessing: refuseDamagedFrames,
      ...(options.wasmBasePath ? { wasmBasePath: options.wasmBasePath } : {}),
    });
    // Its start emptied the metadata manager: viewports may have registered while core started.
    restoreMetadataAfterLoaderStart();
    // Replaces the loader's own `wadors:` registration: frames fetched early are decoded from that answer.
    imageLoader.registerImageLoader('wadors', loadWadorsImage);
    cache.setMaxCacheSize(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
    exposeMemoryGauge();
  })();
  return initialised;
}
