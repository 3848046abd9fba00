import { describe, expect, it } from 'vitest';
import { deviceObserverText, isDeviceReport, reportAuthorText, segmentFindingsNote } from './reportOrigin';

const device = { uid: '2.25.7', name: 'NodeFinder', manufacturer: 'Acme Oncology AI', model: 'NodeFinder PET/CT' };

describe('who made a saved report', () => {
  it('names a device observer as an AI device, never as an unnamed reader', () => {
    expect(reportAuthorText({ observerName: undefined, device })).toBe('the AI device NodeFinder (Acme Oncology AI NodeFinder PET/CT)');
    expect(isDeviceReport({ observerName: undefined, device })).toBe(true);
    expect(reportAuthorText({ observerName: undefined, device: undefined })).toBe('an unnamed reader');
  });

  it('names the person when a report has a person observer as well as a device', () => {
    expect(reportAuthorText({ observerName: 'Okafor^Ngozi', device })).toBe('Okafor, Ngozi');
    expect(isDeviceReport({ observerName: 'Okafor^Ngozi', device })).toBe(false);
  });

  it('makes do with what the device observer context gives', () => {
    expect(deviceObserverText({ uid: undefined, name: undefined, manufacturer: 'Acme', model: undefined })).toBe('Acme');
    expect(deviceObserverText({ uid: '2.25.7', name: undefined, manufacturer: undefined, model: undefined })).toBe('an unnamed device');
  });

  it('points to the findings list for findings on segments', () => {
    expect(segmentFindingsNote(1)).toBe('Its finding is on a segmentation, not drawn on an image: see “Findings on segments” in the segment list.');
    expect(segmentFindingsNote(2)).toMatch(/^Its 2 findings are/);
  });
});
