// The tumor board's RT Structure Set (issue 27) on carol's PET/CT CT: two ROIs, "GTV" (the
// tumor sphere) and "Liver" (the phantom's liver ellipse, phantoms-petct.mjs liverEllipse), as
// CLOSED_PLANAR polygons on each CT slice they cross, each referencing that CT instance. The
// truth holds every vertex as written (DS, 6 decimals), in patient mm, so a test can check that
// drawn outlines lie on the known polygon. The GTV polygon is the sphere's section, not the SEG's
// voxels: a radiation oncologist's contour is geometry. Also the hostile variant whose contours
// reference CT instances that exist nowhere. Pure but for writeStructureSet.
import { dsValue, SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { liverEllipse } from './phantoms-petct.mjs';
import { identifyingAttributes } from './series-common.mjs';
import { instanceUid } from './uids.mjs';

/** The hostile structure set of issue 27's bad-input list; null is the tumor board's own. */
export const RTSTRUCT_VARIANTS = ['unknown-instances'];
/** Vertices per polygon: edges of at most 1.6 mm on a 16 mm section, under two CT pixels. */
const VERTICES = 64;
// PS3.3 C.8.8.5: the RT Referenced Study item names the study by this (retired) SOP class.
const DETACHED_STUDY_MANAGEMENT = '1.2.840.10008.3.1.2.3.1';
const STRUCTURE_SET_LABEL = 'TUMOR BOARD';
const ONCOLOGIST = 'RADONC^RUTH';

/** Points of a closed polygon on the ellipse x = cx + c·ru·cos t − s·rv·sin t, y = cy + s·ru·cos t + c·rv·sin t. */
function ellipsePolygon({ center: [cx, cy], ru, rv, angle = 0 }, z) {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  return Array.from({ length: VERTICES }, (_, k) => {
    const t = (2 * Math.PI * k) / VERTICES;
    const [u, v] = [ru * Math.cos(t), rv * Math.sin(t)];
    return [dsValue(cx + c * u - s * v), dsValue(cy + s * u + c * v), z];
  });
}

/** The sphere's section at z, or null where the slice misses it (or only touches it). */
function sphereSection({ center, radiusMm }, z) {
  const dz = z - center[2];
  if (Math.abs(dz) >= radiusMm) return null;
  const radius = Math.sqrt(radiusMm ** 2 - dz ** 2);
  return { center: [center[0], center[1]], ru: radius, rv: radius };
}

/** The two ROIs: how each is outlined on slice z, its RT ROI Observations type and display colour. */
function tumorBoardRois(lesions) {
  const tumor = lesions.find((lesion) => lesion.name === 'Tumor');
  if (!tumor) throw new Error('no lesion "Tumor"');
  return [
    { roiNumber: 1, name: 'GTV', interpretedType: 'GTV', generationAlgorithm: 'MANUAL', displayColor: [255, 0, 0], outline: (z) => sphereSection(tumor, z), source: 'Tumor lesion sphere' },
    { roiNumber: 2, name: 'Liver', interpretedType: 'ORGAN', generationAlgorithm: 'MANUAL', displayColor: [160, 90, 40], outline: liverEllipse, source: 'phantom liver ellipse' },
  ];
}

/** The CT instances the contours point at: the CT's own, or for 'unknown-instances' UIDs that exist nowhere. */
function contourImages(series, ct, variant) {
  if (variant !== 'unknown-instances') return ct.instances;
  return ct.instances.map((instance) => ({ ...instance, sopInstanceUid: instanceUid(`${series.key}/unknown-image`, instance.instanceNumber) }));
}

const imageItem = (ct, image) => ({ ReferencedSOPClassUID: ct.sopClassUid, ReferencedSOPInstanceUID: image.sopInstanceUid });

/**
 * The RTSTRUCT's attributes and truth, without writing: `series` from planTumorBoardSeries (or
 * a hostile series), `ct` from ctReference (series-segmentation.mjs), `lesions` the study's.
 * The truth (`structureSet`) is what the manifest will hold.
 */
export function structureSetContent({ series, ct, lesions, variant = null }) {
  if (variant !== null && !RTSTRUCT_VARIANTS.includes(variant)) throw new Error(`unknown RTSTRUCT variant "${variant}"`);
  const images = contourImages(series, ct, variant);
  const rois = tumorBoardRois(lesions).map((roi) => ({
    ...roi,
    contours: images.flatMap((image) => {
      const z = image.position[2];
      const outline = roi.outline(z);
      return outline ? [{ instanceNumber: image.instanceNumber, referencedSopInstanceUid: image.sopInstanceUid, z, points: ellipsePolygon(outline, z) }] : [];
    }),
  }));
  const uncontoured = rois.find((roi) => roi.contours.length === 0);
  if (uncontoured) throw new Error(`ROI "${uncontoured.name}" crosses no slice of the CT ${ct.seriesKey}`);
  // Every image a contour lies on, once, in slice order.
  const contoured = images.filter((image) => rois.some((roi) => roi.contours.some((contour) => contour.instanceNumber === image.instanceNumber)));

  const attributes = {
    ...identifyingAttributes(series, 1),
    OperatorsName: '',
    // Structure Set module (PS3.3 C.8.8.5).
    StructureSetLabel: STRUCTURE_SET_LABEL,
    StructureSetDate: series.study.studyDate,
    StructureSetTime: series.seriesTime,
    ReferencedFrameOfReferenceSequence: [{
      FrameOfReferenceUID: ct.frameOfReferenceUid,
      RTReferencedStudySequence: [{
        ReferencedSOPClassUID: DETACHED_STUDY_MANAGEMENT,
        ReferencedSOPInstanceUID: ct.study.studyInstanceUid,
        RTReferencedSeriesSequence: [{ SeriesInstanceUID: ct.seriesInstanceUid, ContourImageSequence: contoured.map((image) => imageItem(ct, image)) }],
      }],
    }],
    StructureSetROISequence: rois.map((roi) => ({
      ROINumber: roi.roiNumber, ReferencedFrameOfReferenceUID: ct.frameOfReferenceUid, ROIName: roi.name, ROIGenerationAlgorithm: roi.generationAlgorithm,
    })),
    // ROI Contour module (PS3.3 C.8.8.6): one closed polygon per slice, on the image it was drawn on.
    ROIContourSequence: rois.map((roi) => ({
      ReferencedROINumber: roi.roiNumber,
      ROIDisplayColor: roi.displayColor,
      ContourSequence: roi.contours.map((contour, index) => ({
        ContourNumber: index + 1,
        ContourImageSequence: [{ ReferencedSOPClassUID: ct.sopClassUid, ReferencedSOPInstanceUID: contour.referencedSopInstanceUid }],
        ContourGeometricType: 'CLOSED_PLANAR',
        NumberOfContourPoints: contour.points.length,
        ContourData: contour.points.flat(),
      })),
    })),
    // RT ROI Observations module (PS3.3 C.8.8.8).
    RTROIObservationsSequence: rois.map((roi) => ({
      ObservationNumber: roi.roiNumber, ReferencedROINumber: roi.roiNumber, RTROIInterpretedType: roi.interpretedType, ROIInterpreter: ONCOLOGIST,
    })),
  };

  const structureSet = {
    variant,
    sopInstanceUid: attributes.SOPInstanceUID,
    sopClassUid: SOP_CLASS.rtStructureSet,
    label: STRUCTURE_SET_LABEL,
    frameOfReferenceUid: ct.frameOfReferenceUid,
    referencedSeriesInstanceUid: ct.seriesInstanceUid,
    ctSeriesKey: ct.seriesKey,
    referencesKnownInstances: variant !== 'unknown-instances',
    // The ContourImageSequence's length: every CT instance some contour lies on.
    contourImageCount: contoured.length,
    coordinates: 'patient (LPS) mm, as ContourData holds them',
    // One contour per slice an ROI crosses, each on its own CT instance: the slice count is the contour count.
    rois: rois.map(({ roiNumber, name, interpretedType, generationAlgorithm, displayColor, source, contours }) => ({
      roiNumber, name, interpretedType, generationAlgorithm, displayColor, source,
      sliceCount: contours.length, firstInstanceNumber: contours[0].instanceNumber, lastInstanceNumber: contours.at(-1).instanceNumber,
      contours,
    })),
  };
  return { attributes, structureSet };
}

/** Writes the RTSTRUCT to `file` (absolute path) and returns its truth (structureSetContent). */
export function writeStructureSet(file, options) {
  const { attributes, structureSet } = structureSetContent(options);
  writeDicomFile(file, { attributes });
  return structureSet;
}
