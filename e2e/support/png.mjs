import { inflateSync } from 'node:zlib';

/**
 * A minimal PNG reader for 8-bit RGB/RGBA screenshots: chunks, inflate, per-row filters (PNG
 * spec, section 9). Plain JavaScript so that the bench scripts read screenshots as the e2e tests do.
 * @param {Buffer} png
 * @returns {{ width: number; height: number; channels: number; pixels: Uint8Array }}
 */
export function decodePng(png) {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const colourType = data[9];
      if (data[8] !== 8 || (colourType !== 2 && colourType !== 6) || data[12] !== 0) throw new Error('unexpected PNG format');
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= channels ? (pixels[y * stride + x - channels]) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x]) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[(y - 1) * stride + x - channels]) : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, Math.floor((left + up) / 2), paeth()][filter];
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/**
 * Mean and largest absolute difference per RGB channel between two PNG screenshots; 255 for both
 * when their sizes differ.
 * @param {Buffer} a
 * @param {Buffer} b
 * @returns {{ mean: number; max: number; width: number; height: number }}
 */
export function pngDifference(a, b) {
  const [x, y] = [decodePng(a), decodePng(b)];
  if (x.width !== y.width || x.height !== y.height) return { mean: 255, max: 255, width: x.width, height: x.height };
  let [sum, max, count] = [0, 0, 0];
  for (let at = 0; at < x.pixels.length; at += x.channels) {
    for (let c = 0; c < 3; c += 1) {
      const d = Math.abs(x.pixels[at + c] - y.pixels[at + c]);
      sum += d;
      max = Math.max(max, d);
      count += 1;
    }
  }
  return { mean: sum / count, max, width: x.width, height: x.height };
}
