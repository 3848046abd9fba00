import type { DicomJson } from '@longview/dicom-meta';
import { describe, expect, it } from 'vitest';
import { imageSeriesGeometry } from './imageSeries';

const instance = (sop: string | undefined, z: number | undefined): DicomJson => ({
  '0020000E': { vr: 'UI', Value: ['1.2.3'] },
  '00200052': { vr: 'UI', Value: ['1.2.3.9'] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [256] },
  ...(sop ? { '00080018': { vr: 'UI', Value: [sop] } } : {}),
  ...(z === undefined ? {} : { '00200032': { vr: 'DS', Value: ['-249.5', '-249.5', String(z)] } }),
});

describe('imageSeriesGeometry from WADO-RS metadata', () => {
  it('reads the series, its matrix, and each instance with its position (DS as text)', () => {
    expect(imageSeriesGeometry([instance('1.1', 0), instance('1.2', -3), instance('1.3', undefined)])).toEqual({
      seriesInstanceUid: '1.2.3',
      frameOfReferenceUid: '1.2.3.9',
      rows: 512,
      columns: 256,
      instances: [
        { sopInstanceUid: '1.1', imagePositionPatient: [-249.5, -249.5, 0] },
        { sopInstanceUid: '1.2', imagePositionPatient: [-249.5, -249.5, -3] },
        { sopInstanceUid: '1.3', imagePositionPatient: undefined },
      ],
    });
  });

  it('leaves out an instance without a SOP Instance UID, and gives nothing for no instances', () => {
    expect(imageSeriesGeometry([instance(undefined, 0), instance('1.2', -3)])?.instances.map((item) => item.sopInstanceUid)).toEqual(['1.2']);
    expect(imageSeriesGeometry([])).toBeUndefined();
  });
});
