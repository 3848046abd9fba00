import { describe, expect, it } from 'vitest';
import { listCommasLiteral } from './dicomwebRequests';

describe('listCommasLiteral', () => {
  it('writes the percent-encoded commas of list parameters as commas', () => {
    expect(listCommasLiteral('/studies/1.2/series?includefield=00201209%2C0008103E&viewport=128%2c128')).toBe(
      '/studies/1.2/series?includefield=00201209,0008103E&viewport=128,128',
    );
  });

  it('leaves every other escape alone', () => {
    expect(listCommasLiteral('/studies?PatientName=O%27Brien%5EAnn&x=%252C')).toBe('/studies?PatientName=O%27Brien%5EAnn&x=%252C');
  });
});
