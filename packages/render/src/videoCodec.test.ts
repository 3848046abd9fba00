import { describe, expect, it } from 'vitest';
import {
  formatVideoTime,
  frameIndexAt,
  framesPerSecondOf,
  seekTimeOfFrame,
  unplayableVideoMessage,
  videoCodecOf,
  videoContainerOf,
  videoMimeType,
} from './videoCodec';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('videoCodecOf', () => {
  it('names each video transfer syntax of PS3.5 Table A-1, fragmentable ones alike', () => {
    expect(videoCodecOf('1.2.840.10008.1.2.4.100')?.name).toBe('MPEG-2 Main Profile / Main Level');
    expect(videoCodecOf('1.2.840.10008.1.2.4.101.1')?.name).toBe('MPEG-2 Main Profile / High Level');
    expect(videoCodecOf('1.2.840.10008.1.2.4.102')).toMatchObject({ family: 'h264', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', mp4Codecs: 'avc1.640029' });
    expect(videoCodecOf('1.2.840.10008.1.2.4.104.1')?.mp4Codecs).toBe('avc1.64002A');
    expect(videoCodecOf('1.2.840.10008.1.2.4.107')).toMatchObject({ family: 'hevc', name: 'HEVC/H.265 Main Profile / Level 5.1' });
    expect(videoCodecOf('1.2.840.10008.1.2.4.108')?.name).toBe('HEVC/H.265 Main 10 Profile / Level 5.1');
  });

  it('knows no codec for image syntaxes, a missing value or padding junk', () => {
    expect(videoCodecOf('1.2.840.10008.1.2.4.50')).toBeUndefined();
    expect(videoCodecOf(undefined)).toBeUndefined();
    expect(videoCodecOf(' 1.2.840.10008.1.2.4.102 ')?.family).toBe('h264');
  });
});

describe('videoContainerOf', () => {
  it('tells MP4 (ftyp box), MPEG-2 program stream (pack header) and transport stream (sync bytes) apart', () => {
    expect(videoContainerOf(bytes(0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d))).toBe('mp4');
    expect(videoContainerOf(bytes(0, 0, 1, 0xba, 0x44))).toBe('mpeg-ps');
    const ts = new Uint8Array(400);
    ts[0] = 0x47;
    ts[188] = 0x47;
    expect(videoContainerOf(ts)).toBe('mpeg-ts');
    // An Annex B H.264 stream starts with a NAL start code, not a container.
    expect(videoContainerOf(bytes(0, 0, 0, 1, 0x67))).toBe('elementary');
    expect(videoContainerOf(new Uint8Array(0))).toBe('elementary');
  });
});

describe('videoMimeType and the message for an unplayable codec', () => {
  const h264 = videoCodecOf('1.2.840.10008.1.2.4.102');
  const mpeg2 = videoCodecOf('1.2.840.10008.1.2.4.100');
  const hevc = videoCodecOf('1.2.840.10008.1.2.4.107');
  if (!h264 || !mpeg2 || !hevc) throw new Error('codecs missing');

  it('asks the browser about the codec inside the container', () => {
    expect(videoMimeType(h264, 'mp4')).toBe('video/mp4; codecs="avc1.640029"');
    expect(videoMimeType(hevc, 'mp4')).toBe('video/mp4; codecs="hvc1.1.6.L153.B0"');
    expect(videoMimeType(h264, 'mpeg-ts')).toBe('video/mp2t');
    expect(videoMimeType(mpeg2, 'mpeg-ps')).toBe('video/mpeg');
  });

  it('names the codec and the container in the message', () => {
    expect(unplayableVideoMessage(mpeg2, 'mpeg-ps')).toMatch(/^This browser cannot play MPEG-2 Main Profile \/ Main Level video \(MPEG-2 program stream\)\./);
    expect(unplayableVideoMessage(hevc, 'mp4')).toContain('HEVC/H.265 Main Profile / Level 5.1 video (MP4)');
  });
});

describe('frame and time arithmetic', () => {
  it('takes the frame rate from CineRate, else FrameTime, else 25', () => {
    expect(framesPerSecondOf({ cineRate: 30, frameTimeMs: 40 })).toBe(30);
    expect(framesPerSecondOf({ frameTimeMs: 40 })).toBe(25);
    expect(framesPerSecondOf({ frameTimeMs: 33.3 })).toBeCloseTo(30.03, 2);
    expect(framesPerSecondOf({ cineRate: 0, frameTimeMs: Number.NaN })).toBe(25);
    expect(framesPerSecondOf({})).toBe(25);
  });

  it('finds the frame on screen at a time, exact frame starts included despite float error', () => {
    expect(frameIndexAt(0, 25)).toBe(0);
    expect(frameIndexAt(0.039, 25)).toBe(0);
    // 0.96 * 25 is 23.999999999999996 in binary floating point: still frame 24.
    expect(frameIndexAt(0.96, 25)).toBe(24);
    expect(frameIndexAt(1, 25)).toBe(25);
    expect(frameIndexAt(99, 25, 100)).toBe(99);
    expect(frameIndexAt(-1, 25)).toBe(0);
  });

  it('seeks a quarter frame into the frame, one frame duration apart', () => {
    expect(seekTimeOfFrame(0, 25)).toBeCloseTo(0.01, 10);
    expect(seekTimeOfFrame(25, 25) - seekTimeOfFrame(24, 25)).toBeCloseTo(1 / 25, 10);
    for (const index of [0, 1, 24, 25, 62, 99]) expect(frameIndexAt(seekTimeOfFrame(index, 25), 25)).toBe(index);
    for (const index of [0, 7, 29]) expect(frameIndexAt(seekTimeOfFrame(index, 1000 / 33.3), 1000 / 33.3)).toBe(index);
  });

  it('formats the time readout to hundredths', () => {
    expect(formatVideoTime(0)).toBe('0:00.00');
    expect(formatVideoTime(2.5)).toBe('0:02.50');
    expect(formatVideoTime(61.04)).toBe('1:01.04');
    expect(formatVideoTime(Number.NaN)).toBe('0:00.00');
  });
});
