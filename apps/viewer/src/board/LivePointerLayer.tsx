import { useLiveStore } from './liveStore';

/** The live presenter's pointer over this cell, as followers see it. */
export function LivePointerLayer({ cellIndex }: { cellIndex: number }) {
  const pointer = useLiveStore((state) => (state.snapshot && !state.snapshot.isPresenter && !state.isDetached ? state.snapshot.pointer : undefined));
  if (!pointer || pointer.cell !== cellIndex) return null;
  return (
    <div className="live-pointer" data-testid="live-pointer" style={{ left: `${pointer.x * 100}%`, top: `${pointer.y * 100}%` }} aria-hidden="true" />
  );
}
