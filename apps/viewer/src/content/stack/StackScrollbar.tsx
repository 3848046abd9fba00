/** A vertical scrollbar over the stack, with failed images marked in red. */
export function StackScrollbar({
  index,
  count,
  failedIndices,
  onChange,
}: {
  index: number;
  count: number;
  failedIndices: readonly number[];
  onChange: (index: number) => void;
}) {
  return (
    <div className="stack-scrollbar">
      <input
        type="range"
        min={0}
        max={count - 1}
        value={index}
        aria-label="Image in series"
        aria-valuetext={`Image ${index + 1} of ${count}`}
        data-testid="stack-scrollbar"
        onChange={(event) => onChange(Number(event.target.value))}
      />
      {failedIndices.map((failed) => (
        <span key={failed} className="failed-mark" style={{ top: `${(failed / Math.max(1, count - 1)) * 100}%` }} title={`Image ${failed + 1} failed`} />
      ))}
    </div>
  );
}
