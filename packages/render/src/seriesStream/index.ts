/**
 * A series retrieved whole, in one WADO-RS request read by a worker, for the image loader to
 * decode frame by frame as it arrives. No rendering engine is needed to start it, so the viewer
 * imports this entry on its own and starts the retrieve as soon as a series' images are known.
 */
export { openSeriesStream, warmSeriesStream, type SeriesStream, type SeriesStreamOptions, type SeriesStreamOutcome } from './seriesStream';
