// Writing the documents as Part-10 files with dcmjs: its own entry point, so the viewer loads
// dcmjs only when a reader saves (see index.ts).
export { buildMeasurementReport } from './buildMeasurementReport';
export { buildKeyObjectSelection } from './buildKeyObjectSelection';
