import { registerMeasurementTools } from './measurementTools';

/**
 * Cornerstone's interaction tools are loaded after the first image: they are a large part
 * of the rendering code and nothing needs them until a user drags on an image.
 */
type ToolsModule = typeof import('@cornerstonejs/tools');

let loading: Promise<ToolsModule> | undefined;
let loaded: ToolsModule | undefined;

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
    return tools;
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
