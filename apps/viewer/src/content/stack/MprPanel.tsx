import { useCallback, useRef, useState, type RefObject } from 'react';
import type { DicomJson, Window } from '@longview/dicom-meta';
import type { MprViewer } from '@longview/render';
import type { SharedCell } from '@longview/shared-view';
import type { SeriesStack } from '../../series/seriesStack';
import { MprView } from './MprView';

/**
 * MPR in a stack viewport: whether it is open (its toolbar button, M, Esc and a shared view open
 * or close it), and its viewer while it shows, which a shared-view capture reads.
 */
export interface MprPanel {
  isOpen: boolean;
  setIsOpen: (isOpen: boolean) => void;
  toggle: () => void;
  viewer: RefObject<MprViewer | undefined>;
}

export function useMprPanel(): MprPanel {
  const [isOpen, setIsOpen] = useState(false);
  const viewer = useRef<MprViewer | undefined>(undefined);
  const toggle = useCallback(() => setIsOpen((open) => !open), []);
  return { isOpen, setIsOpen, toggle, viewer };
}

/** The MPR view over the stack while the panel is open and every image's metadata is known (a volume needs each slice's position). */
export function MprPanelView({
  panel,
  stack,
  metadataBySop,
  initialWindow,
  sharedView,
}: {
  panel: MprPanel;
  stack: SeriesStack | undefined;
  metadataBySop: Map<string, DicomJson> | undefined;
  initialWindow: Window | undefined;
  sharedView: { cell: SharedCell; key: number } | undefined;
}) {
  if (!panel.isOpen || !stack || !metadataBySop) return null;
  return (
    <MprView
      images={stack.images}
      metadataBySop={metadataBySop}
      initialWindow={initialWindow}
      onClose={() => panel.setIsOpen(false)}
      onViewer={(mpr) => {
        panel.viewer.current = mpr;
      }}
      sharedMpr={sharedView?.cell.mpr ? { mpr: sharedView.cell.mpr, key: sharedView.key } : undefined}
    />
  );
}
