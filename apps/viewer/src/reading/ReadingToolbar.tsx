import { useState } from 'react';
import { MAX_GRID, type GridLayout } from '@longview/hanging-protocols';
import { LAYOUT_KEYS, READING_SHORTCUTS, type ReadingCommand } from '../keyboard/shortcuts';
import { useReadingStore } from '../state/readingStore';

function hint(command: ReadingCommand): string {
  const key = READING_SHORTCUTS.find((s) => s.command === command)?.keys[0];
  return key ? ` (${key})` : '';
}

interface ReadingToolbarProps {
  layout: GridLayout;
  onLayout: (layout: GridLayout) => void;
  protocolName: string | undefined;
  onAlign: () => void;
  onLinkHere: () => void;
  onSaveProtocol: (() => void) | undefined;
  savedMessage: string | undefined;
}

/** Layout menu, synchronisation switches and the protocol in use, above the grid. */
export function ReadingToolbar({ layout, onLayout, protocolName, onAlign, onLinkHere, onSaveProtocol, savedMessage }: ReadingToolbarProps) {
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  const [custom, setCustom] = useState<GridLayout>(layout);
  const { isScrollSynced, isWindowSynced, isZoomSynced, showReferenceLines, toggleScrollSync, toggleWindowSync, toggleZoomSync, toggleReferenceLines } = useReadingStore();
  const choose = (next: GridLayout) => {
    onLayout(next);
    setIsMenuOpen(false);
  };
  return (
    <div className="reading-toolbar" role="toolbar" aria-label="Layout and synchronisation">
      <div className="layout-menu">
        <button type="button" aria-expanded={isMenuOpen} aria-haspopup="menu" onClick={() => setIsMenuOpen((open) => !open)} data-testid="layout-button">
          Layout {layout.rows}×{layout.columns}
        </button>
        {isMenuOpen ? (
          <div className="layout-options" role="menu" aria-label="Layouts">
            {LAYOUT_KEYS.map(({ command, rows, columns }) => (
              <button key={command} type="button" role="menuitem" data-layout={`${rows}x${columns}`} onClick={() => choose({ rows, columns })} title={`${rows} × ${columns}${hint(command)}`}>
                {rows}×{columns}
              </button>
            ))}
            <form
              className="custom-layout"
              onSubmit={(event) => {
                event.preventDefault();
                choose(custom);
              }}
            >
              <label>
                Rows <input type="number" min={1} max={MAX_GRID.rows} value={custom.rows} onChange={(e) => setCustom({ ...custom, rows: Math.min(MAX_GRID.rows, Math.max(1, Number(e.target.value) || 1)) })} />
              </label>
              <label>
                Columns <input type="number" min={1} max={MAX_GRID.columns} value={custom.columns} onChange={(e) => setCustom({ ...custom, columns: Math.min(MAX_GRID.columns, Math.max(1, Number(e.target.value) || 1)) })} />
              </label>
              <button type="submit">Apply</button>
            </form>
            {onSaveProtocol ? (
              <button type="button" role="menuitem" onClick={onSaveProtocol}>
                Save as my protocol for this kind of study
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="tool-group" role="group" aria-label="Synchronisation">
        <button
          type="button"
          aria-pressed={isScrollSynced}
          data-testid="sync-scroll"
          onClick={() => {
            toggleScrollSync();
            if (!isScrollSynced) onAlign();
          }}
          title={`Scroll together by patient position${hint('toggle-sync-scroll')}`}
        >
          Sync scroll
        </button>
        <button type="button" onClick={onLinkHere} title={`Link here: what is on screen shows the same level${hint('link-positions')}`}>
          Link here
        </button>
        <button type="button" aria-pressed={isWindowSynced} onClick={toggleWindowSync} title={`Same window / level everywhere${hint('toggle-sync-window')}`}>
          Sync W/L
        </button>
        <button type="button" aria-pressed={isZoomSynced} onClick={toggleZoomSync} title={`Same zoom everywhere${hint('toggle-sync-zoom')}`}>
          Sync zoom
        </button>
        <button type="button" aria-pressed={showReferenceLines} onClick={toggleReferenceLines} title={`Reference lines${hint('toggle-reference-lines')}`}>
          Ref. lines
        </button>
      </div>
      {protocolName ? (
        <span className="muted" data-testid="hanging-protocol">
          {protocolName}
        </span>
      ) : null}
      {savedMessage ? <span role="status">{savedMessage}</span> : null}
    </div>
  );
}
