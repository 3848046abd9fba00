/** One cell of the reading, as the phone's cell switch names it. */
export interface CellChoice {
  /** "Current", "Prior 2022-10-17", or the series in that cell. */
  label: string;
  isPrior: boolean;
}

/**
 * The reading bar of narrow screens (layout/formFactor.ts): every toolbar (layout and
 * synchronisation, the viewport's and the measuring tools) sits behind one Tools button instead
 * of running off the screen. A phone shows one cell of the grid at a time, so a 1×2
 * current/prior or a 2×2 protocol also gets a switch between its cells (`cells`; empty elsewhere).
 */
export function PhoneReadingBar({
  cells,
  activeIndex,
  onActivate,
  isToolsOpen,
  onToolsOpen,
}: {
  cells: readonly CellChoice[];
  activeIndex: number;
  onActivate: (index: number) => void;
  isToolsOpen: boolean;
  onToolsOpen: (isOpen: boolean) => void;
}) {
  return (
    <div className="phone-reading-bar" data-testid="phone-reading-bar">
      {cells.length > 1 ? (
        <div className="cell-switch" role="group" aria-label="Viewport shown" data-testid="cell-switch">
          {cells.map((cell, index) => (
            <button
              key={index}
              type="button"
              className={cell.isPrior ? 'prior' : undefined}
              aria-pressed={index === activeIndex}
              data-cell-index={index}
              onClick={() => onActivate(index)}
            >
              {cell.label}
            </button>
          ))}
        </div>
      ) : (
        <span className="cell-switch-single muted">{cells[0]?.label ?? ''}</span>
      )}
      <button type="button" className="tools-toggle" aria-expanded={isToolsOpen} data-testid="tools-toggle" onClick={() => onToolsOpen(!isToolsOpen)}>
        {isToolsOpen ? 'Close tools' : 'Tools'}
      </button>
    </div>
  );
}
