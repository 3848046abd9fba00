import { describe, expect, it } from 'vitest';
import { upstreamFor } from './server.mjs';

const archives = [{ id: 'radiology', upstream: 'http://127.0.0.1:18042/dicom-web' }];

describe('upstreamFor', () => {
  it('maps an archive path onto its DICOMweb root, keeping the query', () => {
    expect(upstreamFor('/dicomweb/radiology/studies?PatientID=LV-0001', archives)?.toString()).toBe(
      'http://127.0.0.1:18042/dicom-web/studies?PatientID=LV-0001',
    );
  });
  it('serves nothing for unknown archives or app paths', () => {
    expect(upstreamFor('/dicomweb/cardiology/studies', archives)).toBeUndefined();
    expect(upstreamFor('/viewer/radiology/2.25.1', archives)).toBeUndefined();
  });
});
