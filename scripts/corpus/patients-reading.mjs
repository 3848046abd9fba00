// The studies a radiologist's reading needs beside alice's current CT chest (patients.mjs):
// a prior CT chest in the same frame of reference, a multi-sequence MR brain, a chest
// radiograph with its prior and a four-view mammogram. All belong to alice's one radiology
// record, so the viewer finds them as hers through identifiers, never through her name.
import { PATIENTS, defineStudy } from './patients.mjs';

const alice = PATIENTS.alice;
const common = { patient: alice, referringPhysicianName: 'REFERRER^RACHEL', specialty: 'radiology' };

export const READING_STUDIES = {
  // Every date is the corpus's only study that day, and none is one the large patient's spread
  // (patients-large.mjs) would otherwise take, so adding these studies moved none of its studies.
  chestCtPrior: defineStudy('alice-ct-chest-prior', {
    ...common, studyDate: '20221017', studyTime: '101500', studyDescription: 'CT CHEST W/O CONTRAST',
    accessionNumber: 'ACC-CT-0000', studyId: 'CT0',
  }),
  mrBrain: defineStudy('alice-mr-brain', {
    ...common, studyDate: '20230911', studyTime: '154500', studyDescription: 'MR BRAIN W/O CONTRAST',
    accessionNumber: 'ACC-MR-0101', studyId: 'MR2',
  }),
  chestXrPrior: defineStudy('alice-xr-chest-prior', {
    ...common, studyDate: '20230120', studyTime: '081000', studyDescription: 'XR CHEST PA',
    accessionNumber: 'ACC-DX-0100', studyId: 'DX1',
  }),
  chestXr: defineStudy('alice-xr-chest', {
    ...common, studyDate: '20240305', studyTime: '082000', studyDescription: 'XR CHEST PA',
    accessionNumber: 'ACC-DX-0101', studyId: 'DX2',
  }),
  mammogram: defineStudy('alice-mg-screening', {
    ...common, studyDate: '20231108', studyTime: '113000', studyDescription: 'MG SCREENING BILATERAL',
    accessionNumber: 'ACC-MG-0101', studyId: 'MG1',
  }),
};
