import { describe, expect, it } from 'vitest';
import { bodyRegion } from './bodyRegion';

describe('bodyRegion', () => {
  it.each([
    ['CHEST', 'CHEST'],
    ['Thorax', 'CHEST'],
    ['lungs', 'CHEST'],
    ['BRAIN', 'HEAD'],
    ['Coronary artery', 'HEART'],
    ['BREASTS', 'BREAST'],
    ['KNEE', 'KNEE'],
    ['L-SPINE', 'LSPINE'],
  ])('%s → %s', (spelling, region) => {
    expect(bodyRegion(spelling)).toBe(region);
  });
});
