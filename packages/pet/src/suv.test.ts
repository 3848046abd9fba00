import { describe, expect, it } from 'vitest';
import { Tag, type DicomJson } from '@longview/dicom-meta';
import { suvScalingOf, suvUnavailableMessage, type SuvUnavailable } from './suv';

const attribute = (vr: string, ...values: unknown[]) => ({ vr, Value: values });

/** One FDG PET instance as an archive's WADO-RS metadata carries it; `overrides` replace or (undefined) drop tags. */
function petInstance(sop: string, overrides: Partial<Record<keyof typeof Tag, unknown>> = {}): DicomJson {
  const isotope: DicomJson = {
    [Tag.Radiopharmaceutical]: attribute('LO', 'Fluorodeoxyglucose'),
    [Tag.RadiopharmaceuticalStartTime]: attribute('TM', '091500'),
    [Tag.RadionuclideTotalDose]: attribute('DS', 370000000),
    [Tag.RadionuclideHalfLife]: attribute('DS', 6586.2),
  };
  const json: DicomJson = {
    [Tag.SOPInstanceUID]: attribute('UI', sop),
    [Tag.Modality]: attribute('CS', 'PT'),
    [Tag.Units]: attribute('CS', 'BQML'),
    [Tag.DecayCorrection]: attribute('CS', 'START'),
    [Tag.CorrectedImage]: attribute('CS', 'NORM', 'ATTN', 'DECY', 'SCAT'),
    [Tag.PatientWeight]: attribute('DS', 72.5),
    [Tag.SeriesDate]: attribute('DA', '20240305'),
    [Tag.SeriesTime]: attribute('TM', '102000'),
    [Tag.AcquisitionDate]: attribute('DA', '20240305'),
    [Tag.AcquisitionTime]: attribute('TM', '102000'),
    [Tag.RadiopharmaceuticalInformationSequence]: attribute('SQ', isotope),
  };
  for (const [name, value] of Object.entries(overrides)) {
    const tag = Tag[name as keyof typeof Tag];
    if (name.startsWith('Radio') && name !== 'RadiopharmaceuticalInformationSequence') {
      if (value === undefined) delete isotope[tag];
      else isotope[tag] = attribute(json[tag]?.vr ?? 'DS', value);
    } else if (value === undefined) delete json[tag];
    else json[tag] = Array.isArray(value) ? attribute('CS', ...value) : attribute(json[tag]?.vr ?? 'CS', value);
  }
  return json;
}

/** The textbook SUVbw factor, written out here rather than taken from the library under test. */
function expectedFactor({ weightKg = 72.5, doseBq = 370000000, halfLifeS = 6586.2, secondsAfterInjection = 65 * 60 } = {}): number {
  return (weightKg * 1000) / (doseBq * 2 ** (-secondsAfterInjection / halfLifeS));
}

function unavailable(instances: DicomJson[]): SuvUnavailable {
  const scaling = suvScalingOf(instances);
  if (scaling.kind !== 'unavailable') throw new Error('expected SUV to be unavailable');
  return scaling;
}

describe('suvScalingOf', () => {
  it('gives the body-weight SUV factor, decay-corrected from injection to the series start', () => {
    const scaling = suvScalingOf([petInstance('1.1'), petInstance('1.2', { AcquisitionTime: '102200' })]);
    expect(scaling.kind).toBe('suv');
    if (scaling.kind !== 'suv') return;
    const factor = expectedFactor();
    expect(scaling.factorBySopInstanceUid.get('1.1')).toBeCloseTo(factor, 12);
    expect(scaling.factorBySopInstanceUid.get('1.2')).toBeCloseTo(factor, 12);
    // 10 kBq/ml in a 72.5 kg patient 65 min after 370 MBq of FDG is an SUV of about 3.
    expect(10000 * factor).toBeGreaterThan(2.5);
    expect(10000 * factor).toBeLessThan(3.5);
  });

  it('reads the injection date and time when the series was scanned after midnight', () => {
    const scaling = suvScalingOf([petInstance('1.1', {
      SeriesDate: '20240306', SeriesTime: '003000', AcquisitionDate: '20240306', AcquisitionTime: '003000',
      RadiopharmaceuticalStartDateTime: '20240305233000', RadiopharmaceuticalStartTime: undefined,
    })]);
    expect(scaling.kind === 'suv' && scaling.factorBySopInstanceUid.get('1.1')).toBeCloseTo(expectedFactor({ secondsAfterInjection: 3600 }), 12);
  });

  it.each([
    [{ PatientWeight: undefined }, 'the series has no patient weight'],
    [{ PatientWeight: 0 }, 'the series has no patient weight'],
    [{ RadionuclideTotalDose: undefined }, 'the series has no injected dose'],
    [{ RadionuclideHalfLife: undefined }, 'the series has no radionuclide half-life'],
    [{ RadiopharmaceuticalStartTime: undefined }, 'the series has no injection time'],
    [{ RadiopharmaceuticalInformationSequence: undefined }, 'the series has no injected dose'],
    [{ DecayCorrection: undefined }, 'the series does not state its decay correction'],
    [{ DecayCorrection: 'ADMIN' }, 'the series is decay corrected to the injection time, not to the scan start'],
    [{ CorrectedImage: ['ATTN'] }, 'the series is not marked as decay corrected (Corrected Image lacks DECY)'],
    [{ CorrectedImage: ['DECY'] }, 'the series is not attenuation corrected'],
    [{ Units: 'CNTS' }, 'the series stores counts (CNTS), not activity concentration in Bq/ml'],
    [{ Units: undefined }, 'the series does not state its units'],
    [{ SeriesTime: '090000', AcquisitionTime: '090000' }, 'the scan time is before the injection time'],
  ])('refuses %o: %s', (overrides, reason) => {
    const scaling = unavailable([petInstance('1.1', overrides)]);
    expect(scaling.reason).toBe(reason);
    expect(suvUnavailableMessage(scaling)).toBe(`SUV not available: ${reason}`);
  });

  it('names the stored units a reader sees instead', () => {
    expect(unavailable([petInstance('1.1', { PatientWeight: undefined })]).storedUnits).toBe('Bq/ml');
    expect(unavailable([petInstance('1.1', { Units: 'CNTS' })]).storedUnits).toBe('counts');
  });

  it('refuses a series whose instances disagree, or one instance of which lacks what SUV needs', () => {
    expect(unavailable([petInstance('1.1'), petInstance('1.2', { PatientWeight: 80 })]).reason).toBe('its instances disagree on weight, dose, times or units');
    expect(unavailable([petInstance('1.1'), petInstance('1.2', { PatientWeight: undefined })]).reason).toBe('the series has no patient weight');
  });

  it('refuses an empty series', () => {
    expect(unavailable([]).reason).toBe('the series has no instances');
  });
});
