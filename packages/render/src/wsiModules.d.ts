// dicom-microscopy-viewer ships no type declarations; wsi.ts only hands the module to
// Cornerstone's WSIViewport (through peerImport), which declares what it uses of it.
declare module 'dicom-microscopy-viewer';
