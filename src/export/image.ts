/**
 * A PNG or JPEG data URI's bytes and pixel size, read from its header (for placing a logo without stretching it).
 * A PNG whose image data does not inflate is no image: writers that decode it would fail on it.
 */
import { inflateSync } from 'node:zlib';

export interface Image {
  type: 'png' | 'jpeg';
  data: Buffer;
  width: number;
  height: number;
}

export function imageOfDataUri(dataUri: string): Image | null {
  const match = /^data:image\/(png|jpeg);base64,(.+)$/.exec(dataUri);
  if (!match) return null;
  const data = Buffer.from(match[2]!, 'base64');
  const size = match[1] === 'png' ? pngSize(data) : jpegSize(data);
  return size ? { type: match[1] as Image['type'], data, ...size } : null;
}

function pngSize(data: Buffer) {
  if (data.length < 24 || data.readUInt32BE(12) !== 0x49484452) return null; // "IHDR"
  const chunks: Buffer[] = [];
  for (let at = 8; at + 8 <= data.length;) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') chunks.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(chunks));
  } catch {
    return null;
  }
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function jpegSize(data: Buffer) {
  // Walk the markers to the first start-of-frame, which holds the height and width.
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1]!;
    const length = data.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}
