import type { StackViewer, StackViewState } from '@longview/render';
import { goToImage } from './imageNavigation';
import { LoadProgress } from './LoadProgress';
import { StackScrollbar } from './StackScrollbar';
import type { StackLoad } from './useStackLoading';

/**
 * The stack's loading, with a link to each image that failed, and its scrollbar: two ways to
 * another image, both through goToImage (an image that cannot be shown is the viewer's to say).
 */
export function StackNavigation({ viewer, view, load }: { viewer: StackViewer | undefined; view: StackViewState | undefined; load: StackLoad }) {
  const goTo = (index: number) => {
    if (viewer) void goToImage(viewer, index);
  };
  return (
    <>
      <LoadProgress progress={load.progress} failedImages={load.failedImages} releasedCount={load.releasedCount} onSelectImage={goTo} />
      {view && view.imageCount > 1 ? <StackScrollbar index={view.imageIndex} count={view.imageCount} failedIndices={[...load.failedImages.keys()]} onChange={goTo} /> : null}
    </>
  );
}
