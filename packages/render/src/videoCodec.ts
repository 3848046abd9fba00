/**
 * What a DICOM video is, from its transfer syntax and the first bytes of its bitstream, and
 * the time/frame arithmetic of playing it. Pure: no DOM, no Cornerstone.
 */

export type VideoCodecFamily = 'mpeg2' | 'h264' | 'hevc';

export interface VideoCodec {
  family: VideoCodecFamily;
  /** The name a reader (or their IT department) recognises, as PS3.5 Table A-1 spells it. */
  name: string;
  /** RFC 6381 `codecs` parameter for an MP4 container, when there is one for the family. */
  mp4Codecs: string | undefined;
}

const MPEG2_MAIN_MAIN: VideoCodec = { family: 'mpeg2', name: 'MPEG-2 Main Profile / Main Level', mp4Codecs: undefined };
const MPEG2_MAIN_HIGH: VideoCodec = { family: 'mpeg2', name: 'MPEG-2 Main Profile / High Level', mp4Codecs: undefined };
// avc1.PPCCLL: profile_idc 100 (High), no constraint flags, level_idc 41 / 42.
const H264_41: VideoCodec = { family: 'h264', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', mp4Codecs: 'avc1.640029' };
const H264_BD_41: VideoCodec = { family: 'h264', name: 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', mp4Codecs: 'avc1.640029' };
const H264_42_2D: VideoCodec = { family: 'h264', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 (2D)', mp4Codecs: 'avc1.64002A' };
const H264_42_3D: VideoCodec = { family: 'h264', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 (3D)', mp4Codecs: 'avc1.64002A' };
const H264_STEREO: VideoCodec = { family: 'h264', name: 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', mp4Codecs: 'avc1.80002A' };
// hvc1.P.C.LNNN.B0: Main (1) / Main 10 (2) profile, level 5.1 (153).
const HEVC_MAIN: VideoCodec = { family: 'hevc', name: 'HEVC/H.265 Main Profile / Level 5.1', mp4Codecs: 'hvc1.1.6.L153.B0' };
const HEVC_MAIN10: VideoCodec = { family: 'hevc', name: 'HEVC/H.265 Main 10 Profile / Level 5.1', mp4Codecs: 'hvc1.2.4.L153.B0' };

/** PS3.5 Table A-1: the video transfer syntaxes, non-fragmentable and fragmentable (".1"). */
const CODECS_BY_TRANSFER_SYNTAX: ReadonlyMap<string, VideoCodec> = new Map([
  ['1.2.840.10008.1.2.4.100', MPEG2_MAIN_MAIN],
  ['1.2.840.10008.1.2.4.100.1', MPEG2_MAIN_MAIN],
  ['1.2.840.10008.1.2.4.101', MPEG2_MAIN_HIGH],
  ['1.2.840.10008.1.2.4.101.1', MPEG2_MAIN_HIGH],
  ['1.2.840.10008.1.2.4.102', H264_41],
  ['1.2.840.10008.1.2.4.102.1', H264_41],
  ['1.2.840.10008.1.2.4.103', H264_BD_41],
  ['1.2.840.10008.1.2.4.103.1', H264_BD_41],
  ['1.2.840.10008.1.2.4.104', H264_42_2D],
  ['1.2.840.10008.1.2.4.104.1', H264_42_2D],
  ['1.2.840.10008.1.2.4.105', H264_42_3D],
  ['1.2.840.10008.1.2.4.105.1', H264_42_3D],
  ['1.2.840.10008.1.2.4.106', H264_STEREO],
  ['1.2.840.10008.1.2.4.106.1', H264_STEREO],
  ['1.2.840.10008.1.2.4.107', HEVC_MAIN],
  ['1.2.840.10008.1.2.4.108', HEVC_MAIN10],
]);

/** The codec of a video transfer syntax, or undefined when the syntax is not a video one. */
export function videoCodecOf(transferSyntaxUid: string | undefined): VideoCodec | undefined {
  return transferSyntaxUid ? CODECS_BY_TRANSFER_SYNTAX.get(transferSyntaxUid.trim()) : undefined;
}

export type VideoContainer = 'mp4' | 'mpeg-ps' | 'mpeg-ts' | 'elementary';

export const CONTAINER_NAMES: Record<VideoContainer, string> = {
  mp4: 'MP4',
  'mpeg-ps': 'MPEG-2 program stream',
  'mpeg-ts': 'MPEG-2 transport stream',
  elementary: 'elementary stream',
};

/**
 * The container the encapsulated bitstream is in, from its first bytes. PS3.5 8.2.7+ allow an
 * MP4 or an MPEG-2 transport stream around H.264 / HEVC; MPEG-2 video usually comes in a
 * program stream. Browsers play only some of these, whatever the codec inside.
 */
export function videoContainerOf(head: Uint8Array): VideoContainer {
  // ISO BMFF: a box size, then "ftyp" (ISO/IEC 14496-12 4.3).
  if (head.length >= 8 && head[4] === 0x66 && head[5] === 0x74 && head[6] === 0x79 && head[7] === 0x70) return 'mp4';
  // Program stream pack header start code 00 00 01 BA (ISO/IEC 13818-1 2.5.3.3).
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) return 'mpeg-ps';
  // Transport stream: 188-byte packets, each starting with the sync byte 0x47.
  if (head.length > 188 && head[0] === 0x47 && head[188] === 0x47) return 'mpeg-ts';
  return 'elementary';
}

/** The MIME type (with codecs where it is known) a browser is asked whether it can play. */
export function videoMimeType(codec: VideoCodec, container: VideoContainer): string {
  switch (container) {
    case 'mp4':
      return codec.mp4Codecs ? `video/mp4; codecs="${codec.mp4Codecs}"` : 'video/mp4';
    case 'mpeg-ts':
      return 'video/mp2t';
    case 'mpeg-ps':
    case 'elementary':
      return codec.family === 'mpeg2' ? 'video/mpeg' : codec.family === 'h264' ? 'video/h264' : 'video/h265';
  }
}

/** Why a video cannot be played here, in words a reader can act on. */
export function unplayableVideoMessage(codec: VideoCodec, container: VideoContainer): string {
  return `This browser cannot play ${codec.name} video (${CONTAINER_NAMES[container]}). `
    + 'Open the series in a viewer or browser that supports this codec, or ask the archive for an MP4 (H.264) copy.';
}

/**
 * Frames per second: CineRate (0018,0040) when stored, else 1000 / FrameTime (0018,1063) in
 * milliseconds (PS3.3 C.7.6.5), else 25 with a reason to distrust it (undefined means "not stored").
 */
export function framesPerSecondOf({ cineRate, frameTimeMs }: { cineRate?: number | undefined; frameTimeMs?: number | undefined }): number {
  if (cineRate !== undefined && Number.isFinite(cineRate) && cineRate > 0) return cineRate;
  if (frameTimeMs !== undefined && Number.isFinite(frameTimeMs) && frameTimeMs > 0) return 1000 / frameTimeMs;
  return 25;
}

/**
 * The 0-based frame shown at `seconds`. A frame is on screen from its start time up to the
 * next one's; the small tolerance absorbs the float error of seeking to i / fps exactly.
 */
export function frameIndexAt(seconds: number, fps: number, frameCount?: number): number {
  const index = Math.max(0, Math.floor(seconds * fps + 1e-3));
  return frameCount === undefined ? index : Math.min(index, Math.max(0, frameCount - 1));
}

/**
 * Where to seek to show frame `index` (0-based): a quarter of a frame after its start, so a
 * player rounding the time either way lands on that frame and not the one before.
 */
export function seekTimeOfFrame(index: number, fps: number): number {
  return (Math.max(0, index) + 0.25) / fps;
}

/** "m:ss.cc" for the time readout (hundredths: one frame at 25 fps is 0.04 s). */
export function formatVideoTime(seconds: number): string {
  const safe = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  const minutes = Math.floor(safe / 60);
  const rest = safe - minutes * 60;
  return `${minutes}:${rest.toFixed(2).padStart(5, '0')}`;
}

/** Playback rates the reader picks from (slower for review, faster for a long recording). */
export const PLAYBACK_RATES = [0.25, 0.5, 1, 1.5, 2] as const;
