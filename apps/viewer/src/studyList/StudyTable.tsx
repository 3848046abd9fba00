import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useWindowVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { StudySummary } from '@longview/dicomweb';
import { StudyRow } from './StudyRows';

/** A row's height before it is measured (one line of text and its padding). */
const ESTIMATED_ROW_PX = 33;
/**
 * Rows drawn beyond each edge of the screen: enough that an arrow key always finds the next row
 * drawn, few enough that the DOM holds at most about twice the rows visible (issue 33's aim).
 */
const OVERSCAN_ROWS = 6;
/**
 * The table's columns, in order. Their widths are fixed (styles.css, `.study-col-*`): what each
 * needs at 1280 px, with description and names wrapping, and a narrower share for the long
 * headers on a tablet held upright, where "Modalities" would otherwise run into "Accession".
 */
const COLUMNS = [
  'patient',
  'id',
  'born',
  'date',
  'description',
  'modalities',
  'accession',
  'series',
  'archive',
  'timeline',
] as const;
/** Columns in a row, for the spacer rows that stand in for the rows not drawn. */
const COLUMN_COUNT = COLUMNS.length;

interface StudyTableProps {
  studies: StudySummary[];
  header: ReactNode;
  archiveNameOf: (archiveId: string) => string | undefined;
  onOpen: (study: StudySummary) => void;
  onOpenTimeline: (study: StudySummary) => void;
}

/**
 * The study table, virtualised: only the rows on screen and a few beyond are in the DOM, so ten
 * thousand loaded studies scroll as smoothly as ten. The page scrolls, not the table (the search
 * form and notices scroll away with it). Table semantics stay: the whole list's size is
 * `aria-rowcount` and each row says its `aria-rowindex` (WAI-ARIA 1.2, rows not all in the DOM);
 * the rows not drawn are two aria-hidden spacer rows that keep the scroll height true.
 */
export function StudyTable({ studies, header, archiveNameOf, onOpen, onOpenTimeline }: StudyTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const scrollMargin = useOffsetFromPageTop(bodyRef);
  const virtualizer = useWindowVirtualizer({
    count: studies.length,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    getItemKey: (index) => {
      const study = studies[index];
      return study ? `${study.archiveId}/${study.studyInstanceUid}` : index;
    },
  });
  const items = virtualizer.getVirtualItems();
  const step = useRowStepping(bodyRef, virtualizer, studies.length);
  const first = items[0];
  const last = items.at(-1);
  const above = first ? first.start - scrollMargin : 0;
  const below = last ? virtualizer.getTotalSize() - (last.end - scrollMargin) : 0;

  return (
    <table className="study-table" data-testid="study-table" aria-rowcount={studies.length + 1}>
      {/* Fixed column widths: with widths from the content, drawing other rows would change the
          columns, so the rows' heights, so which rows are drawn, without end. */}
      <colgroup>
        {COLUMNS.map((column) => (
          <col key={column} className={`study-col-${column}`} />
        ))}
      </colgroup>
      <thead>{header}</thead>
      <tbody ref={bodyRef}>
        {above > 0 ? <SpacerRow height={above} /> : null}
        {items.map((item) => {
          const study = studies[item.index];
          if (!study) return null;
          return (
            <StudyRow
              key={item.key}
              study={study}
              rowIndex={item.index}
              measure={virtualizer.measureElement}
              onStep={step}
              archiveName={archiveNameOf(study.archiveId)}
              onOpen={onOpen}
              onOpenTimeline={onOpenTimeline}
            />
          );
        })}
        {below > 0 ? <SpacerRow height={below} /> : null}
      </tbody>
    </table>
  );
}

function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="study-table-spacer" data-testid="study-table-spacer">
      <td colSpan={COLUMN_COUNT} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}

/**
 * Where the table body starts in the page: the virtualiser's scroll margin. Notices and error
 * banners above it come and go, so it is measured after every render and on resize.
 */
function useOffsetFromPageTop(ref: React.RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const element = ref.current;
      if (!element) return;
      const next = Math.round(element.getBoundingClientRect().top + window.scrollY);
      setOffset((current) => (current === next ? current : next));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  });
  return offset;
}

/**
 * The arrow keys' focus moves by place in the list: `step(rowIndex, by)` focuses the row `by`
 * rows away, scrolling it into the drawn rows first when it is not drawn yet.
 */
function useRowStepping(bodyRef: RefObject<HTMLTableSectionElement | null>, virtualizer: Pick<Virtualizer<Window, Element>, 'scrollToIndex'>, rowCount: number) {
  // The row an arrow key asked for that is not drawn yet: the next key counts from it, so fast
  // presses are never lost while the list scrolls to draw it.
  const pendingFocus = useRef<number | undefined>(undefined);
  const focusRow = (index: number) => {
    if (index < 0 || index >= rowCount) return;
    const rowAt = () => bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
    const row = rowAt();
    if (row) {
      pendingFocus.current = undefined;
      row.focus();
      return;
    }
    pendingFocus.current = index;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const focusWhenDrawn = (framesLeft: number) =>
      requestAnimationFrame(() => {
        if (pendingFocus.current !== index) return;
        const drawn = rowAt();
        if (drawn) {
          pendingFocus.current = undefined;
          drawn.focus();
        } else if (framesLeft > 0) focusWhenDrawn(framesLeft - 1);
      });
    focusWhenDrawn(10);
  };
  return (rowIndex: number, by: number) => focusRow((pendingFocus.current ?? rowIndex) + by);
}
