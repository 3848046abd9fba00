// Reference renderings: what a correct viewer must show for an instance at a
// given window, as rendered by dcmtk (dcmj2pnm / dcml2pnm), an independent and
// well-tested DICOM renderer. Grayscale -> 8-bit PGM, colour -> 8-bit PPM.
import path from 'node:path';
import { renderWithDcmtk, runWithConcurrency } from './dicom-tools.mjs';
import { CORPUS_DIR } from './series-common.mjs';

/**
 * `request`: { name, series, instanceNumber, sopInstanceUid, frame, window
 * ({center,width}, or null for colour), renderArgs, input (file to render),
 * inputDescription (which file that is, for the manifest) }.
 */
async function renderReference(request) {
  const extension = request.window ? 'pgm' : 'ppm';
  const relative = `reference/${request.name}.${extension}`;
  const command = await renderWithDcmtk(request.input, path.join(CORPUS_DIR, relative), {
    window: request.window,
    frame: request.frame,
    extraArgs: request.renderArgs,
  });
  return {
    name: request.name,
    seriesKey: request.series.key,
    studyInstanceUid: request.series.study.studyInstanceUid,
    seriesInstanceUid: request.series.seriesInstanceUid,
    sopInstanceUid: request.sopInstanceUid,
    instanceNumber: request.instanceNumber,
    frame: request.frame,
    // Absent for colour images, which are rendered without a window.
    windowCenter: request.window?.center,
    windowWidth: request.window?.width,
    voiLutFunction: request.window ? (request.renderArgs.includes('+Wfs') ? 'SIGMOID' : 'LINEAR') : undefined,
    format: extension,
    file: relative,
    method: `${command} ${request.inputDescription}`,
  };
}

export function renderReferences(requests) {
  return runWithConcurrency(requests.map((request) => () => renderReference(request)), 2);
}
