// dana's whole-slide microscopy study (issue 5): a synthetic H&E-like slide (wsi-slide.mjs)
// tiled and pyramided by vips (JPEG tiles in a pyramidal TIFF), turned into VL Whole Slide
// Microscopy instances by the Orthanc WSI dicomizer (Debian orthanc-wsi), then rewritten here
// with dcmjs so the corpus is deterministic (the dicomizer draws random UIDs and writes tiles
// in thread completion order) and so both dimension organisations are present:
//   - every level TILED_FULL (frames in row-major order, positions implied) except
//   - level 2, TILED_SPARSE: only tiles that touch tissue, each with its Plane Position (Slide).
// The JPEG tiles go through untouched (no re-encoding). A LABEL and an OVERVIEW image, made
// with vips, complete the series as single-frame instances of the same SOP class.
import fs from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { TS, writeDicomFile } from './dicom-file.mjs';
import { runTool } from './dicom-tools.mjs';
import { defineContentStudy } from './patients-content.mjs';
import { WORK_DIR, defineSeries, describeSeries, identifyingAttributes, instanceFile } from './series-common.mjs';
import { deterministicUid, frameOfReferenceUid } from './uids.mjs';
import { SAMPLE_POINTS, SLIDE, TISSUES, paintSlide, rectangleTouchesTissue } from './wsi-slide.mjs';

export const WSI_SERIES_KEY = 'dana-wsi-he';
const VL_WHOLE_SLIDE = '1.2.840.10008.5.1.4.1.1.77.1.6';
/** The level (1 = base) written TILED_SPARSE. */
const SPARSE_LEVEL = 2;
/** Where the specimen's corner lies on the glass (mm, slide coordinate system). */
const SPECIMEN_OFFSET_MM = { x: 20, y: 40 };
/** PS3.3 C.8.12.4.1.2: rows run along −X, columns along −Y of the slide coordinate system. */
const IMAGE_ORIENTATION_SLIDE = [0, -1, 0, -1, 0, 0];

export const WSI_STUDY = defineContentStudy({
  archive: 'pathology', block: 'wsi', date: '20250512', time: '101500',
  description: 'Skin excision, H&E whole slide', specialty: 'pathology',
});

const code = (CodeValue, CodingSchemeDesignator, CodeMeaning) => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

function readDicom(file) {
  const bytes = fs.readFileSync(file);
  const { dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict), frames: dict['7FE00010'].Value.map((frame) => new Uint8Array(frame)) };
}

const first = (value) => (Array.isArray(value) ? value[0] : value);

// ------------------------------------------------------------ images made with vips

async function pyramidFromSlide(workDir) {
  // A binary PPM is the cheapest container vips reads without extra arguments.
  const ppm = path.join(workDir, 'slide.ppm');
  const pixels = paintSlide();
  fs.writeFileSync(ppm, Buffer.concat([Buffer.from(`P6\n${SLIDE.columns} ${SLIDE.rows}\n255\n`), pixels]));
  const tiff = path.join(workDir, 'slide.tif');
  await runTool('vips', ['tiffsave', ppm, tiff, '--tile', '--pyramid', '--compression', 'jpeg', '--Q', '85', '--tile-width', String(SLIDE.tileSize), '--tile-height', String(SLIDE.tileSize)]);
  fs.rmSync(ppm);
  const dicomDir = path.join(workDir, 'dicomizer');
  fs.mkdirSync(dicomDir, { recursive: true });
  await runTool('OrthancWSIDicomizer', [
    '--folder', dicomDir, '--threads', '2', '--max-size', '0',
    '--imaged-width', String(SLIDE.columns * SLIDE.baseSpacingMm), '--imaged-height', String(SLIDE.rows * SLIDE.baseSpacingMm),
    '--offset-x', String(SPECIMEN_OFFSET_MM.x), '--offset-y', String(SPECIMEN_OFFSET_MM.y), tiff,
  ]);
  return { tiff, levelFiles: fs.readdirSync(dicomDir).filter((name) => name.endsWith('.dcm')).sort().map((name) => path.join(dicomDir, name)) };
}

/** The slide label: accession, block and stain as printed text (black on white), 600×300. */
async function labelJpeg(workDir, study) {
  const text = path.join(workDir, 'label-text.v');
  await runTool('vips', ['text', text, `<b>${study.accessionNumber}</b>\nBlock A1   H&amp;E\nLONGVIEW PATHOLOGY`, '--dpi', '150', '--font', 'DejaVu Sans', '--align', 'centre']);
  const inverted = path.join(workDir, 'label-inverted.v');
  await runTool('vips', ['invert', text, inverted]);
  const placed = path.join(workDir, 'label-placed.v');
  await runTool('vips', ['gravity', inverted, placed, 'centre', '600', '300', '--extend', 'white']);
  const rgb = path.join(workDir, 'label-rgb.v');
  await runTool('vips', ['colourspace', placed, rgb, 'srgb']);
  const jpeg = path.join(workDir, 'label.jpg');
  await runTool('vips', ['jpegsave', rgb, jpeg, '--Q', '90', '--subsample-mode', 'off', '--strip']);
  return { jpeg, rgb, columns: 600, rows: 300 };
}

/** The macro photograph of the glass: label on the left, the small specimen on the right. */
const OVERVIEW = { columns: 960, rows: 320, spacingMm: 0.025 };
async function overviewJpeg(workDir, tiff, label) {
  const glass = path.join(workDir, 'glass.v');
  const black = path.join(workDir, 'black.v');
  await runTool('vips', ['black', black, String(OVERVIEW.columns), String(OVERVIEW.rows), '--bands', '3']);
  await runTool('vips', ['linear', black, glass, '1 1 1', '222 228 232', '--uchar']);
  const specimenWidth = Math.round((SLIDE.columns * SLIDE.baseSpacingMm) / OVERVIEW.spacingMm);
  const specimen = path.join(workDir, 'specimen.v');
  await runTool('vips', ['thumbnail', tiff, specimen, String(specimenWidth)]);
  const withSpecimen = path.join(workDir, 'overview-specimen.v');
  await runTool('vips', ['insert', glass, specimen, withSpecimen, '640', '120']);
  const smallLabel = path.join(workDir, 'label-small.v');
  await runTool('vips', ['resize', label.rgb, smallLabel, '0.8']);
  const composed = path.join(workDir, 'overview.v');
  await runTool('vips', ['insert', withSpecimen, smallLabel, composed, '20', '40']);
  const jpeg = path.join(workDir, 'overview.jpg');
  await runTool('vips', ['jpegsave', composed, jpeg, '--Q', '90', '--subsample-mode', 'off', '--strip']);
  return { jpeg, ...OVERVIEW };
}

// ------------------------------------------------------------ DICOM attributes

function opticalPathFrom(dicomizerLevel) {
  // The dicomizer's brightfield path and its sRGB ICC profile, kept; the illumination colour
  // is given its SNOMED CT code (the dicomizer still writes the retired SRT one).
  const path0 = dicomizerLevel.OpticalPathSequence[0] ?? dicomizerLevel.OpticalPathSequence;
  return [{
    OpticalPathIdentifier: '1',
    OpticalPathDescription: 'Brightfield, full spectrum',
    IlluminationTypeCodeSequence: [code('111744', 'DCM', 'Brightfield illumination')],
    IlluminationColorCodeSequence: [code('414298005', 'SCT', 'Full Spectrum')],
    ObjectiveLensPower: 40,
    ICCProfile: { vr: 'OB', value: new Uint8Array(first(path0.ICCProfile)) },
  }];
}

function specimenAttributes(study, series) {
  return {
    ContainerIdentifier: `${study.accessionNumber}-A1`, IssuerOfTheContainerIdentifierSequence: [],
    ContainerTypeCodeSequence: [code('433466003', 'SCT', 'Microscope slide')],
    SpecimenDescriptionSequence: [{
      SpecimenIdentifier: `${study.accessionNumber}-A`, SpecimenUID: deterministicUid(`specimen/${series.key}`),
      IssuerOfTheSpecimenIdentifierSequence: [], SpecimenPreparationSequence: [],
    }],
  };
}

/** Whole Slide Microscopy Image / Multi-frame Dimension / Pixel modules common to every instance. */
function wholeSlideAttributes({ series, instanceNumber, imageType, columns, rows, totalColumns, totalRows, spacingMm, photometric, frameCount, opticalPath, organisation }) {
  const { study } = series;
  return {
    ...identifyingAttributes(series, instanceNumber),
    ...specimenAttributes(study, series),
    ImageType: imageType,
    AcquisitionDateTime: `${study.studyDate}${series.seriesTime}`, AcquisitionDuration: 120,
    FrameOfReferenceUID: frameOfReferenceUid(series.key), PositionReferenceIndicator: 'SLIDE_CORNER',
    VolumetricProperties: 'VOLUME', SpecimenLabelInImage: imageType[2] === 'LABEL' || imageType[2] === 'OVERVIEW' ? 'YES' : 'NO',
    FocusMethod: 'AUTO', ExtendedDepthOfField: 'NO', BurnedInAnnotation: imageType[2] === 'LABEL' || imageType[2] === 'OVERVIEW' ? 'YES' : 'NO',
    ImagedVolumeWidth: totalColumns * spacingMm, ImagedVolumeHeight: totalRows * spacingMm, ImagedVolumeDepth: 0.004,
    TotalPixelMatrixColumns: totalColumns, TotalPixelMatrixRows: totalRows, TotalPixelMatrixFocalPlanes: 1,
    TotalPixelMatrixOriginSequence: [{ XOffsetInSlideCoordinateSystem: SPECIMEN_OFFSET_MM.x, YOffsetInSlideCoordinateSystem: SPECIMEN_OFFSET_MM.y }],
    ImageOrientationSlide: IMAGE_ORIENTATION_SLIDE,
    DimensionOrganizationType: organisation,
    NumberOfOpticalPaths: 1, OpticalPathSequence: opticalPath,
    SharedFunctionalGroupsSequence: [{
      PixelMeasuresSequence: [{ PixelSpacing: [spacingMm, spacingMm], SliceThickness: 0.004 }],
      WholeSlideMicroscopyImageFrameTypeSequence: [{ FrameType: imageType }],
      OpticalPathIdentificationSequence: [{ OpticalPathIdentifier: '1' }],
    }],
    SamplesPerPixel: 3, PhotometricInterpretation: photometric, PlanarConfiguration: 0,
    NumberOfFrames: frameCount, Rows: rows, Columns: columns,
    BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0,
    LossyImageCompression: '01', LossyImageCompressionMethod: 'ISO_10918_1',
  };
}

/** PS3.3 C.8.12.6.1: the slide position of a tile's top-left pixel (1-based column/row). */
function planePosition(column, row, spacingMm) {
  return {
    XOffsetInSlideCoordinateSystem: SPECIMEN_OFFSET_MM.x - (row - 1) * spacingMm,
    YOffsetInSlideCoordinateSystem: SPECIMEN_OFFSET_MM.y - (column - 1) * spacingMm,
    ZOffsetInSlideCoordinateSystem: 0,
    ColumnPositionInTotalImagePixelMatrix: { vr: 'SL', value: column },
    RowPositionInTotalImagePixelMatrix: { vr: 'SL', value: row },
  };
}

// ------------------------------------------------------------ instances

function writeLevel(series, level, dicomizerFile) {
  const { dataset, frames } = readDicom(dicomizerFile);
  const tileSize = dataset.Columns;
  const totalColumns = dataset.TotalPixelMatrixColumns;
  const totalRows = dataset.TotalPixelMatrixRows;
  const downsample = SLIDE.columns / totalColumns;
  const spacingMm = SLIDE.baseSpacingMm * downsample;
  const across = Math.ceil(totalColumns / tileSize);
  const down = Math.ceil(totalRows / tileSize);
  // The dicomizer writes tiles in the order its threads finish them; index them by position.
  const tileAt = new Map();
  dataset.PerFrameFunctionalGroupsSequence.forEach((frame, index) => {
    const position = first(frame.PlanePositionSlideSequence);
    tileAt.set(`${position.ColumnPositionInTotalImagePixelMatrix},${position.RowPositionInTotalImagePixelMatrix}`, frames[index]);
  });
  const isSparse = level === SPARSE_LEVEL;
  const tiles = [];
  for (let y = 0; y < down; y++) {
    for (let x = 0; x < across; x++) {
      const column = x * tileSize + 1;
      const row = y * tileSize + 1;
      const hasTissue = rectangleTouchesTissue(x * tileSize * downsample, y * tileSize * downsample, (x + 1) * tileSize * downsample, (y + 1) * tileSize * downsample);
      if (isSparse && !hasTissue) continue;
      const bytes = tileAt.get(`${column},${row}`);
      if (!bytes) throw new Error(`dicomizer level ${level}: no tile at column ${column}, row ${row}`);
      tiles.push({ column, row, bytes });
    }
  }
  const imageType = level === 1 ? ['ORIGINAL', 'PRIMARY', 'VOLUME', 'NONE'] : ['DERIVED', 'PRIMARY', 'VOLUME', 'RESAMPLED'];
  const instanceNumber = level;
  const attributes = {
    ...wholeSlideAttributes({
      series, instanceNumber, imageType, columns: tileSize, rows: tileSize, totalColumns, totalRows, spacingMm,
      photometric: dataset.PhotometricInterpretation, frameCount: tiles.length, opticalPath: opticalPathFrom(dataset),
      organisation: isSparse ? 'TILED_SPARSE' : 'TILED_FULL',
    }),
    ...(isSparse ? { PerFrameFunctionalGroupsSequence: tiles.map((tile) => ({ PlanePositionSlideSequence: [planePosition(tile.column, tile.row, spacingMm)] })) } : {}),
    LossyImageCompressionRatio: first(dataset.LossyImageCompressionRatio) ?? 10,
  };
  const file = instanceFile(series.key, instanceNumber);
  writeDicomFile(file.absolute, { transferSyntaxUid: TS.jpegBaseline, attributes, frames: tiles.map((tile) => tile.bytes) });
  return {
    instance: { sopInstanceUid: attributes.SOPInstanceUID, instanceNumber, file: file.relative },
    level: {
      level, instanceNumber, sopInstanceUid: attributes.SOPInstanceUID, dimensionOrganization: attributes.DimensionOrganizationType,
      totalColumns, totalRows, tileColumns: tileSize, tileRows: tileSize, pixelSpacingMm: spacingMm, downsample,
      frames: tiles.length, tilesAcross: across, tilesDown: down,
      // TILED_SPARSE: which tiles exist (0-based tile column/row), so tests can count what is fetchable.
      ...(isSparse ? { presentTiles: tiles.map((tile) => [(tile.column - 1) / tileSize, (tile.row - 1) / tileSize]) } : {}),
    },
  };
}

function writeAssociatedImage(series, { kind, jpeg, columns, rows, spacingMm, instanceNumber, opticalPath }) {
  const attributes = {
    ...wholeSlideAttributes({
      series, instanceNumber, imageType: ['ORIGINAL', 'PRIMARY', kind, 'NONE'], columns, rows, totalColumns: columns, totalRows: rows, spacingMm,
      photometric: 'YBR_FULL', frameCount: 1, opticalPath, organisation: 'TILED_FULL',
    }),
    LossyImageCompressionRatio: 10,
  };
  const file = instanceFile(series.key, instanceNumber);
  writeDicomFile(file.absolute, { transferSyntaxUid: TS.jpegBaseline, attributes, frames: [new Uint8Array(fs.readFileSync(jpeg))] });
  return { sopInstanceUid: attributes.SOPInstanceUID, instanceNumber, file: file.relative };
}

/** Writes the study; returns [[study, [seriesEntry]]] like the other builders. */
export async function buildWsiStudies() {
  const workDir = path.join(WORK_DIR, 'wsi');
  fs.mkdirSync(workDir, { recursive: true });
  const series = defineSeries({
    key: WSI_SERIES_KEY, study: WSI_STUDY, seriesNumber: 1, description: 'H&E 40x whole slide', modality: 'SM', sopClassUid: VL_WHOLE_SLIDE, bodyPart: 'SKIN',
  });
  const { tiff, levelFiles } = await pyramidFromSlide(workDir);
  const written = levelFiles.map((file, index) => writeLevel(series, index + 1, file));
  const opticalPath = opticalPathFrom(readDicom(levelFiles.at(-1)).dataset);
  const label = await labelJpeg(workDir, WSI_STUDY);
  const overview = await overviewJpeg(workDir, tiff, label);
  const labelInstance = writeAssociatedImage(series, { kind: 'LABEL', jpeg: label.jpeg, columns: label.columns, rows: label.rows, spacingMm: 0.04, instanceNumber: written.length + 1, opticalPath });
  const overviewInstance = writeAssociatedImage(series, { kind: 'OVERVIEW', jpeg: overview.jpeg, columns: overview.columns, rows: overview.rows, spacingMm: overview.spacingMm, instanceNumber: written.length + 2, opticalPath });
  const entry = await describeSeries(series, [...written.map((w) => w.instance), labelInstance, overviewInstance], {
    encoding: { method: 'vips tiffsave (JPEG q85, 256² tiles, pyramid) + OrthancWSIDicomizer, rewritten by dcmjs' },
    geometry: { pixelSpacing: [SLIDE.baseSpacingMm, SLIDE.baseSpacingMm] },
  });
  entry.wsi = {
    levels: written.map((w) => w.level),
    label: { sopInstanceUid: labelInstance.sopInstanceUid, columns: label.columns, rows: label.rows },
    overview: { sopInstanceUid: overviewInstance.sopInstanceUid, columns: overview.columns, rows: overview.rows },
    opticalPath: { illumination: 'Brightfield illumination', colour: 'Full Spectrum', objectiveLensPower: 40 },
    tissues: TISSUES,
    samplePoints: SAMPLE_POINTS,
    background: SLIDE.background,
  };
  return [[WSI_STUDY, [entry]]];
}
