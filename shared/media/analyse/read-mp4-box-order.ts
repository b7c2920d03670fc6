import { open } from 'node:fs/promises';

/** One top-level box header: its four-letter type and its size in bytes (header included). */
export interface BoxHeader {
  type: string;
  /** Null when the box runs to the end of the file (size field 0). */
  size: number | null;
  headerSize: number;
}

/**
 * Reads an ISO BMFF box header from its first 8 (or 16, for a 64-bit size) bytes. Returns null
 * when the bytes are too few or the size is impossible.
 *
 * @example parseBoxHeader({ bytes: Buffer.from('0000002066747970', 'hex') }) // { type: 'ftyp', size: 32, headerSize: 8 }
 */
export function parseBoxHeader({ bytes }: { bytes: Uint8Array }): BoxHeader | null {
  if (bytes.length < 8) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size32 = view.readUInt32BE(0);
  const type = view.toString('latin1', 4, 8);
  if (!/^[\x20-\x7e]{4}$/.test(type)) return null;
  if (size32 === 0) return { type, size: null, headerSize: 8 };
  if (size32 === 1) {
    if (bytes.length < 16) return null;
    const size64 = Number(view.readBigUInt64BE(8));
    return size64 >= 16 ? { type, size: size64, headerSize: 16 } : null;
  }
  return size32 >= 8 ? { type, size: size32, headerSize: 8 } : null;
}

/**
 * The types of an MP4/MOV file's top-level boxes, in file order (at most `maxBoxes`), reading
 * only their headers. A "faststart" file has `moov` (the index) before `mdat` (the data), so a
 * player can start before it has the whole file.
 *
 * @example await readMp4BoxOrder({ path: 'master.mp4' }) // ['ftyp', 'moov', 'free', 'mdat']
 */
export async function readMp4BoxOrder({ path, maxBoxes = 64 }: { path: string; maxBoxes?: number }): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const types: string[] = [];
    const buffer = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= fileSize && types.length < maxBoxes) {
      const { bytesRead } = await handle.read({ buffer, position: offset, length: 16 });
      const header = parseBoxHeader({ bytes: buffer.subarray(0, bytesRead) });
      if (!header) break;
      types.push(header.type);
      if (header.size === null) break;
      offset += header.size;
    }
    return types;
  } finally {
    await handle.close();
  }
}
