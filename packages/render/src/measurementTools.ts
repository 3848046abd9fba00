/**
 * Which Cornerstone annotation tool draws each kind of measurement, and how they join a
 * viewport's tool group. Kept apart from measurements.ts (the values) so that tools.ts can
 * register them without a cycle.
 */
type ToolsModule = typeof import('@cornerstonejs/tools');
type ToolGroup = NonNullable<ReturnType<ToolsModule['ToolGroupManager']['createToolGroup']>>;

export type MeasurementKind = 'length' | 'angle' | 'ellipse' | 'rectangle' | 'probe' | 'arrow';

/** What a left drag does on a stack viewport. */
export type MouseTool = 'window-level' | MeasurementKind;

export const MEASUREMENT_KINDS: readonly MeasurementKind[] = ['length', 'angle', 'ellipse', 'rectangle', 'probe', 'arrow'];

/** Cornerstone's tool class for each kind; its static toolName is also the annotation's toolName. */
function toolClassOf(tools: ToolsModule, kind: MeasurementKind) {
  switch (kind) {
    case 'length':
      return tools.LengthTool;
    case 'angle':
      return tools.AngleTool;
    case 'ellipse':
      return tools.EllipticalROITool;
    case 'rectangle':
      return tools.RectangleROITool;
    case 'probe':
      return tools.ProbeTool;
    case 'arrow':
      return tools.ArrowAnnotateTool;
  }
}

export function measurementToolName(tools: ToolsModule, kind: MeasurementKind): string {
  return toolClassOf(tools, kind).toolName;
}

/** Registers the annotation tools with Cornerstone (once per page, with the other tools). */
export function registerMeasurementTools(tools: ToolsModule): void {
  for (const kind of MEASUREMENT_KINDS) tools.addTool(toolClassOf(tools, kind));
}

/**
 * Adds the annotation tools to a viewport's tool group as passive: measurements already drawn
 * show their handles and can be dragged, whichever tool the left button has.
 */
export function addMeasurementTools(tools: ToolsModule, group: ToolGroup): void {
  for (const kind of MEASUREMENT_KINDS) {
    const name = measurementToolName(tools, kind);
    group.addTool(name);
    group.setToolPassive(name);
  }
}

/**
 * Gives the left button to `tool`. The measurement tools stay passive otherwise, so drawn
 * measurements keep their draggable handles while the left button windows.
 */
export function applyMouseTool(tools: ToolsModule, group: ToolGroup, tool: MouseTool): void {
  const primary = [{ mouseButton: tools.Enums.MouseBindings.Primary }];
  for (const kind of MEASUREMENT_KINDS) group.setToolPassive(measurementToolName(tools, kind));
  if (tool === 'window-level') {
    group.setToolActive(tools.WindowLevelTool.toolName, { bindings: primary });
    return;
  }
  group.setToolPassive(tools.WindowLevelTool.toolName);
  group.setToolActive(measurementToolName(tools, tool), { bindings: primary });
}
