import { describe, expect, it } from 'vitest';
import type { LaunchedPatient } from './launchContext';
import { scopeToLaunch } from './launchScope';

const study = (key: string, attachedResults: Array<{ key: string }> = []) => ({ key, studyDate: '20240910', studyTime: undefined, modalities: ['CT'], attachedResults });

function launchNaming(...keys: string[]): LaunchedPatient {
  return { records: [], source: 'smart', highlightedStudies: keys };
}

describe('scopeToLaunch', () => {
  it('keeps the studies the launch named', () => {
    const entries = [study('oncology/1'), study('oncology/2')];
    expect(scopeToLaunch(entries, launchNaming('oncology/2')).map((entry) => entry.key)).toEqual(['oncology/2']);
  });

  it('keeps the study a named results-only study is attached to: that study has no card of its own', () => {
    const entries = [study('oncology/1'), study('oncology/2', [{ key: 'oncology/3' }])];
    expect(scopeToLaunch(entries, launchNaming('oncology/3')).map((entry) => entry.key)).toEqual(['oncology/2']);
  });
});
