/**
 * The rendering package (Cornerstone3D, vtk.js: most of the JavaScript) is loaded on demand,
 * so the study list never pays for it and the viewer asks the archive for the instance list
 * while that code is still downloading and compiling, not after.
 */
import { takeEarlyFrame } from '../boot/earlyOpen';
import { whenEngineMayStart } from './engineStart';

type RenderModule = typeof import('@longview/render');

let loading: Promise<RenderModule> | undefined;
let loaded: RenderModule | undefined;

export function loadRender(): Promise<RenderModule> {
  loading ??= whenEngineMayStart()
    .then(() => {
      performance.mark('longview:engine-start');
      return import('@longview/render');
    })
    .then((module) => {
    // A first frame the boot script fetched is decoded from that answer, not asked for again.
    module.setEarlyFrameSource(takeEarlyFrame);
    return (loaded = module);
  });
  loading.catch(() => {
    loading = undefined; // a failed chunk download may succeed on the next attempt
  });
  return loading;
}

/** The rendering package if it has loaded (any viewport on screen means it has), else undefined. */
export function loadedRender(): RenderModule | undefined {
  return loaded;
}
