/**
 * Rows for items on one lane so that none overlaps another: each item goes to the first row
 * whose last item ends before it starts. Items are taken in the order given (by date).
 */
export function packIntoRows(items: readonly { x: number; width: number }[], gapPx = 4): number[] {
  const rowEnds: number[] = [];
  return items.map((item) => {
    let row = rowEnds.findIndex((end) => end + gapPx <= item.x);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = item.x + item.width;
    return row;
  });
}
