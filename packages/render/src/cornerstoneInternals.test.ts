// Every reach of this package into Cornerstone's private parts, pinned: an upgrade of Cornerstone
// (or of dicom-microscopy-viewer) that moves one fails here rather than silently in a reader's
// hands. Each test names the code that reaches. Engine objects need WebGL and a DOM, so where one
// cannot be made here the class's prototype or its shipped source is checked instead.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamingImageVolume, WSIViewport, cornerstoneStreamingImageVolumeLoader, utilities, volumeLoader } from '@cornerstonejs/core';
import { AnnotationTool } from '@cornerstonejs/tools';
import { describe, expect, it } from 'vitest';
import { defaultHistoryRing, nextHistoryItemUid, type HistoryRing } from './historyPeek';
import type { OlMap } from './wsi';

describe('HistoryMemo.ring and .position (historyPeek.ts: undoMeasurement, redoMeasurement)', () => {
  const { HistoryMemo } = utilities.HistoryMemo;
  const memoOf = (id: string) => ({ id, restoreMemo: () => undefined });

  it('name the memo the next undo and the next redo restore, across the ring’s wrap', () => {
    const history = new HistoryMemo('pin', 3);
    // The public half of HistoryRing is typed by Cornerstone; the private half is read here.
    const ring: HistoryRing = history as unknown as HistoryRing;
    expect(nextHistoryItemUid(ring, true)).toBeUndefined();
    for (const id of ['a', 'b', 'c', 'd']) history.push(memoOf(id)); // 'd' takes 'a''s place
    expect(nextHistoryItemUid(ring, true)).toBe('d');
    expect(nextHistoryItemUid(ring, false)).toBeUndefined();
    history.undo();
    expect(nextHistoryItemUid(ring, true)).toBe('c');
    expect(nextHistoryItemUid(ring, false)).toBe('d');
    history.undo(2);
    expect(nextHistoryItemUid(ring, true)).toBeUndefined();
    expect(nextHistoryItemUid(ring, false)).toBe('b');
  });

  it('name a grouped edit by its first memo', () => {
    const history = new HistoryMemo('pin', 5);
    history.push(memoOf('a'));
    history.startGroupRecording();
    history.push(memoOf('b'));
    history.push(memoOf('c'));
    history.endGroupRecording();
    expect(nextHistoryItemUid(history as unknown as HistoryRing, true)).toBe('b');
  });

  it('hold the annotation tools’ memos in the page’s history, each with its annotation’s UID', () => {
    AnnotationTool.createAnnotationMemo(undefined as unknown as HTMLDivElement, { annotationUID: 'pinned-annotation', data: {}, metadata: {} } as never, { newAnnotation: true });
    expect(nextHistoryItemUid(defaultHistoryRing(), true)).toBe('pinned-annotation');
  });
});

describe('WSIViewport.map (wsi.ts: WsiViewer.open)', () => {
  /** Every method of OlMap, listed once; a method added to OlMap and not here fails the typecheck. */
  const DRIVEN = ['getView', 'getSize', 'updateSize', 'getControls', 'getInteractions', 'on', 'un'] as const satisfies ReadonlyArray<keyof OlMap>;
  const isEveryMethodListed: Exclude<keyof OlMap, (typeof DRIVEN)[number]> extends never ? true : false = true;

  it('is the map of the microscopy viewer the slide opens in', () => {
    // Set when the slide opens (setWSI), which needs a DOM: its source is what is checked.
    expect(String(WSIViewport.prototype.setWSI)).toMatch(/new DicomMicroscopyViewer\.viewer\.VolumeImageViewer\(/);
    expect(String(WSIViewport.prototype.setWSI)).toMatch(/this\.map = viewer\.getMap\(\)/);
  });

  it('answers every method wsi.ts drives, as the OpenLayers Map of dicom-microscopy-viewer does', async () => {
    expect(isEveryMethodListed).toBe(true);
    // The OpenLayers that dicom-microscopy-viewer is built with (its dependency, not ours).
    const microscopyDirectory = join(dirname(createRequire(import.meta.url).resolve('dicom-microscopy-viewer')), '..');
    const olModule = async (name: string) => {
      const file = createRequire(join(microscopyDirectory, 'package.json')).resolve(`ol/${name}.js`);
      return ((await import(pathToFileURL(file).href)) as { default: new () => object }).default;
    };
    const [OpenLayersMap, Observable] = await Promise.all([olModule('Map'), olModule('Observable')]);
    // A Map's own constructor needs a DOM. Its on() and un() are set by the constructor of
    // Observable, its ancestor, which is run alone here for an object with a Map's prototype.
    const map = Reflect.construct(Observable, [], OpenLayersMap) as Record<string, unknown>;
    expect(map).toBeInstanceOf(OpenLayersMap);
    expect(DRIVEN.filter((method) => typeof map[method] !== 'function')).toEqual([]);
  });
});

describe('the streaming volume’s load(callback) and autoRenderOnLoad (fusion.ts: acquireVolume, mpr.ts: MprViewer.open)', () => {
  it('is made by the volume loader the volume ids name', () => {
    // 'cornerstoneStreamingImageVolume:…' is registered by no one: the unknown-scheme loader makes it.
    expect(volumeLoader.getUnknownVolumeLoaderSchema()).toBe(cornerstoneStreamingImageVolumeLoader.name);
    expect(String(cornerstoneStreamingImageVolumeLoader)).toMatch(/new StreamingImageVolume\(/);
  });

  it('takes one progress callback, called with the load event that counts framesProcessed', () => {
    const { load } = StreamingImageVolume.prototype as unknown as { load: (callback: unknown) => void };
    expect(load).toBeTypeOf('function');
    expect(load.length).toBe(1);
    expect(String(load)).toMatch(/loadStatus\.callbacks\.push\(callback\)/);
    const { callLoadStatusCallback } = StreamingImageVolume.prototype as unknown as { callLoadStatusCallback: (event: unknown) => void };
    expect(String(callLoadStatusCallback)).toMatch(/framesProcessed/);
    expect(String(callLoadStatusCallback)).toMatch(/callbacks\.forEach\(\(callback\) => callback\(evt\)\)/);
  });

  it('draws its views as it loads only while autoRenderOnLoad is true, which fusion.ts turns off', () => {
    const { callLoadStatusCallback } = StreamingImageVolume.prototype as unknown as { callLoadStatusCallback: (event: unknown) => void };
    expect(String(callLoadStatusCallback)).toMatch(/if \(this\.autoRenderOnLoad\) \{[^}]*autoLoad\(volumeId\)/);
    expect(utilities.autoLoad).toBeTypeOf('function');
  });
});

describe('a streaming volume’s image loads (earlyFrames.ts: isVolumeLoad)', () => {
  it('name their volume in additionalDetails.volumeId', () => {
    const { getLoaderImageOptions } = StreamingImageVolume.prototype as unknown as { getLoaderImageOptions: (imageId: string) => unknown };
    expect(String(getLoaderImageOptions)).toMatch(/additionalDetails: \{[^}]*volumeId: this\.volumeId/);
  });
});
