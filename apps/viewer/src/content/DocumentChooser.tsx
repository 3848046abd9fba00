import type { InstanceSummary } from '@longview/dicomweb';

/** "Document n of m" for a series holding several documents; nothing for one. */
export function DocumentChooser({ instances, index, onChoose }: { instances: readonly InstanceSummary[]; index: number; onChoose: (index: number) => void }) {
  if (instances.length < 2) return null;
  return (
    <label>
      Document{' '}
      <select value={index} onChange={(event) => onChoose(Number(event.target.value))}>
        {instances.map((instance, i) => (
          <option key={instance.sopInstanceUid} value={i}>
            {i + 1} of {instances.length}
          </option>
        ))}
      </select>
    </label>
  );
}
