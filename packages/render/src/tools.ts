import { registerMeasurementTools } from './measurementTools';

/**
 * Cornerstone's interaction tools are loaded after the first image: they are a large part
 * of the rendering code and nothing needs them until a user drags on an image.
 */
type ToolsModule = typeof import('@cornerstonejs/tools');

let loading: Promise<ToolsModule> | undefined;
let loaded: ToolsModule | undefined;
const waitingForLoad = new Set<(tools: ToolsModule) => void>();

/** The tools module if it has finished loading, for synchronous clean-up. */
export function loadedTools(): ToolsModule | undefined {
  return loaded;
}

export function loadTools(): Promise<ToolsModule> {
  loading ??= import('@cornerstonejs/tools').then((tools) => {
    tools.init();
    for (const tool of [tools.WindowLevelTool, tools.PanTool, tools.ZoomTool]) tools.addTool(tool);
    registerMeasurementTools(tools);
    loaded = tools;
    for (const resolve of waitingForLoad) resolve(tools);
    waitingForLoad.clear();
    return tools;
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * The tools module once something has loaded it (a viewport after its first image), without
 * being the reason it loads: a listener (the measurement panel) must not pull a megabyte of
 * script onto the path to the first image.
 */
export function whenToolsLoaded(): Promise<ToolsModule> {
  if (loaded) return Promise.resolve(loaded);
  return new Promise((resolve) => waitingForLoad.add(resolve));
}
