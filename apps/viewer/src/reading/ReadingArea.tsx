import type { ComponentProps } from 'react';
import type { GridState } from './gridState';
import { ReadingToolbar } from './ReadingToolbar';
import { ViewportGrid } from './ViewportGrid';

/** The reading toolbar over the grid of viewports, or what is on the way while there is no grid yet. */
export function ReadingArea({
  grid,
  toolbar,
  placeholder,
  ...gridProps
}: { grid: GridState | undefined; toolbar: Omit<ComponentProps<typeof ReadingToolbar>, 'layout'>; placeholder: string } & Omit<ComponentProps<typeof ViewportGrid>, 'grid'>) {
  return (
    <div className="reading-area">
      {grid ? <ReadingToolbar layout={grid.layout} {...toolbar} /> : null}
      {grid ? <ViewportGrid grid={grid} {...gridProps} /> : <div className="viewport-placeholder">{placeholder}</div>}
    </div>
  );
}
