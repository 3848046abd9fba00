// Who made a saved report, and where its findings on segments are shown: words shared by the
// measurement panel (results) and the findings list beside the segments (oncology, above it).
import { formatPersonName } from '@longview/dicom-meta';
import type { DeviceObserver, MeasurementReport } from '@longview/measurement-report';

/** "NodeFinder (Acme Oncology AI NodeFinder PET/CT)": the device's name, then its maker and model, as the report gives them. */
export function deviceObserverText(device: DeviceObserver): string {
  const make = [device.manufacturer, device.model].filter(Boolean).join(' ');
  const name = device.name ?? device.model ?? device.manufacturer ?? 'an unnamed device';
  return make && make !== name ? `${name} (${make})` : name;
}

/**
 * Who made a report, for a line that says "saved … by …": the reader's name; a device observer
 * (TID 1004, an AI) named as a device, never as "an unnamed reader", since no reader signed it.
 */
export function reportAuthorText(report: Pick<MeasurementReport, 'observerName' | 'device'>): string {
  if (report.observerName) return formatPersonName(report.observerName);
  if (report.device) return `the AI device ${deviceObserverText(report.device)}`;
  return 'an unnamed reader';
}

/** Whether the report is a program's result (a device observer and no person): read-only, and not a reader's. */
export const isDeviceReport = (report: Pick<MeasurementReport, 'observerName' | 'device'>): boolean => report.device !== undefined && !report.observerName;

/** The heading of the list of findings on segments (oncology/FindingsPanel), named where the measurement panel points to it. */
export const SEGMENT_FINDINGS_TITLE = 'Findings on segments';

/** Where a report's findings on segments are shown: with the segments, where a click goes to the segment. */
export function segmentFindingsNote(count: number): string {
  return `${count === 1 ? 'Its finding is' : `Its ${count} findings are`} on a segmentation, not drawn on an image: see “${SEGMENT_FINDINGS_TITLE}” in the segment list.`;
}
