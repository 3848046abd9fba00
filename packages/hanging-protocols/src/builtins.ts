import type { HangingProtocol } from './protocol';

const LOCALIZER = 'topogram|scout|locali[sz]er|surview';

/** The protocols every reader starts with. Order breaks ties between equally specific ones. */
export const BUILT_IN_PROTOCOLS: readonly HangingProtocol[] = [
  {
    id: 'ct-chest-prior',
    name: 'CT chest: current and prior',
    match: { modality: 'CT', bodyParts: ['CHEST'] },
    priors: 1,
    layout: { rows: 1, columns: 2 },
    // A localizer is no slice to compare: skip it.
    cells: [
      { study: 'current', series: { modality: 'CT', excludeDescription: LOCALIZER } },
      { study: 'prior', series: { modality: 'CT', excludeDescription: LOCALIZER } },
    ],
    // Comparing a nodule with last year's means scrolling both to the same level together.
    syncScroll: true,
  },
  {
    id: 'mr-brain',
    name: 'MR brain: T1, T2, FLAIR and sagittal',
    match: { modality: 'MR', bodyParts: ['HEAD'] },
    priors: 0,
    layout: { rows: 2, columns: 2 },
    cells: [
      { study: 'current', series: { modality: 'MR', description: '\\bT1\\b', excludeDescription: '\\bSAG' } },
      // Scanners call FLAIR "T2 FLAIR": the T2 cell must not take it.
      { study: 'current', series: { modality: 'MR', description: '\\bT2\\b', excludeDescription: 'FLAIR' } },
      { study: 'current', series: { modality: 'MR', description: 'FLAIR' } },
      { study: 'current', series: { modality: 'MR', description: '\\bSAG' } },
    ],
    syncScroll: true,
  },
  {
    id: 'xr-chest-prior',
    name: 'Radiograph: current and prior',
    match: { modality: 'DX', bodyParts: ['CHEST'] },
    priors: 1,
    layout: { rows: 1, columns: 2 },
    cells: [
      { study: 'current', series: { modality: 'DX' } },
      { study: 'prior', series: { modality: 'DX' } },
    ],
    syncScroll: false,
  },
  {
    id: 'cr-prior',
    name: 'Radiograph (CR): current and prior',
    match: { modality: 'CR' },
    priors: 1,
    layout: { rows: 1, columns: 2 },
    cells: [
      { study: 'current', series: { modality: 'CR' } },
      { study: 'prior', series: { modality: 'CR' } },
    ],
    syncScroll: false,
  },
  {
    id: 'mg-4-up',
    name: 'Mammography: 4-up (R | L, CC over MLO)',
    match: { modality: 'MG' },
    priors: 0,
    layout: { rows: 2, columns: 2 },
    // Right breast on the left of the screen, left on the right, so the chest walls face
    // each other in the middle (the mirrored hanging every screening reader expects).
    cells: [
      { study: 'current', series: { modality: 'MG', viewPosition: 'CC', laterality: 'R' } },
      { study: 'current', series: { modality: 'MG', viewPosition: 'CC', laterality: 'L' } },
      { study: 'current', series: { modality: 'MG', viewPosition: 'MLO', laterality: 'R' } },
      { study: 'current', series: { modality: 'MG', viewPosition: 'MLO', laterality: 'L' } },
    ],
    syncScroll: false,
  },
  {
    id: 'pet-ct',
    name: 'PET/CT: CT, PET, fusion and MIP',
    match: { modality: 'PT', alsoModalities: ['CT'] },
    priors: 0,
    layout: { rows: 2, columns: 2 },
    // The tumour board's view (issue 27): CT and PET side by side, the PET over the CT below, and
    // the whole-body projection that shows where the lesions are. CT, PET and fusion scroll together.
    cells: [
      { study: 'current', series: { modality: 'CT', excludeDescription: LOCALIZER } },
      { study: 'current', series: { modality: 'PT' } },
      { study: 'current', series: { modality: 'CT', excludeDescription: LOCALIZER }, display: 'fusion', fusedWith: { modality: 'PT' } },
      { study: 'current', series: { modality: 'PT' }, display: 'mip' },
    ],
    syncScroll: true,
  },
];

/** What opens when nothing matches: the first series, alone. */
export const FALLBACK_PROTOCOL: HangingProtocol = {
  id: 'fallback',
  name: 'One viewport',
  match: { modality: '*' },
  priors: 0,
  layout: { rows: 1, columns: 1 },
  cells: [{ study: 'current', series: {} }],
  syncScroll: false,
};
