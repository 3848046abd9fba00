import { useState, type ComponentProps, type MouseEvent } from 'react';
import { useIsPhoneLayout, useToolsMenu } from '../layout/formFactor';
import type { GridState } from '../state/gridState';
import { PhoneReadingBar, type CellChoice } from './PhoneReadingBar';
import { ReadingToolbar } from './ReadingToolbar';
import { ViewportGrid } from './ViewportGrid';

/** After a measuring tool is picked from the phone's Tools sheet, the sheet closes so the finger can draw. */
function isToolChoice(event: MouseEvent): boolean {
  const target = event.target instanceof Element ? event.target : null;
  return Boolean(target?.closest('.measurement-toolbar button[aria-pressed]'));
}

/**
 * The reading toolbar over the grid of viewports, or what is on the way while there is no grid
 * yet. On narrow screens the toolbars sit behind a Tools button; in the phone layout one cell
 * fills the screen, with a switch between cells (layout/formFactor.ts).
 */
export function ReadingArea({
  grid,
  toolbar,
  placeholder,
  cellChoices,
  ...gridProps
}: {
  grid: GridState | undefined;
  toolbar: Omit<ComponentProps<typeof ReadingToolbar>, 'layout'>;
  placeholder: string;
  cellChoices: readonly CellChoice[];
} & Omit<ComponentProps<typeof ViewportGrid>, 'grid' | 'isSingleCell'>) {
  const isPhone = useIsPhoneLayout();
  const hasToolsMenu = useToolsMenu();
  const [isToolsOpen, setIsToolsOpen] = useState(false);
  const showsTools = !hasToolsMenu || isToolsOpen;
  return (
    <div
      className={`reading-area${hasToolsMenu ? ' tools-menu' : ''}${showsTools ? ' tools-open' : ''}`}
      data-tools-open={showsTools}
      onClickCapture={hasToolsMenu && isToolsOpen ? (event) => isToolChoice(event) && setIsToolsOpen(false) : undefined}
    >
      {grid && hasToolsMenu ? (
        <PhoneReadingBar
          cells={isPhone ? cellChoices : []}
          activeIndex={gridProps.activeIndex}
          onActivate={gridProps.onActivate}
          isToolsOpen={isToolsOpen}
          onToolsOpen={setIsToolsOpen}
        />
      ) : null}
      {grid ? <ReadingToolbar layout={grid.layout} {...toolbar} /> : null}
      {grid ? <ViewportGrid grid={grid} isSingleCell={isPhone} {...gridProps} /> : <div className="viewport-placeholder">{placeholder}</div>}
    </div>
  );
}
