import { open } from 'node:fs/promises';
import { parseBoxHeader } from './read-mp4-box-order.ts';

/** The largest `moov` read into memory (a segment's is a few kilobytes; a 15-minute file's a few megabytes). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/**
 * The number of video samples (frames) in an MP4/MOV file, read from its index (`moov` → the
 * `vide` track → `stsz`/`stz2`) without starting ffprobe: the renderer checks every segment it
 * writes, and at a few hundred segments a process start per check is a real share of a render.
 * Returns null when the file has no complete index or no video track.
 *
 * @example await readMp4VideoSampleCount({ path: 'segment.mp4' }) // 138
 */
export async function readMp4VideoSampleCount({ path }: { path: string }): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= fileSize) {
      const { bytesRead } = await handle.read({ buffer: header, position: offset, length: 16 });
      const box = parseBoxHeader({ bytes: header.subarray(0, bytesRead) });
      if (!box) return null;
      const size = box.size ?? fileSize - offset;
      if (box.type === 'moov') {
        if (size > MAX_MOOV_BYTES || offset + size > fileSize) return null;
        const moov = Buffer.alloc(size - box.headerSize);
        await handle.read({ buffer: moov, position: offset + box.headerSize, length: moov.length });
        return videoSampleCount({ moov });
      }
      offset += size;
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** Walks the boxes inside `moov` for the first track whose handler is `vide` and reads its sample count. */
function videoSampleCount({ moov }: { moov: Buffer }): number | null {
  for (const trak of children({ bytes: moov, type: 'trak' })) {
    const mdia = children({ bytes: trak, type: 'mdia' })[0];
    if (!mdia) continue;
    const hdlr = children({ bytes: mdia, type: 'hdlr' })[0];
    // hdlr: version/flags (4), pre_defined (4), handler_type (4)
    if (!hdlr || hdlr.length < 12 || hdlr.toString('latin1', 8, 12) !== 'vide') continue;
    const stbl = children({ bytes: mdia, type: 'minf' }).flatMap((minf) => children({ bytes: minf, type: 'stbl' }))[0];
    if (!stbl) return null;
    // stsz: version/flags (4), sample_size (4), sample_count (4); stz2: version/flags (4), reserved+field_size (4), sample_count (4)
    const sizes = children({ bytes: stbl, type: 'stsz' })[0] ?? children({ bytes: stbl, type: 'stz2' })[0];
    return sizes && sizes.length >= 12 ? sizes.readUInt32BE(8) : null;
  }
  return null;
}

/** The bodies of the direct children of `bytes` with this type. */
function children({ bytes, type }: { bytes: Buffer; type: string }): Buffer[] {
  const found: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const box = parseBoxHeader({ bytes: bytes.subarray(offset, offset + 16) });
    if (!box) break;
    const size = box.size ?? bytes.length - offset;
    if (offset + size > bytes.length) break;
    if (box.type === type) found.push(bytes.subarray(offset + box.headerSize, offset + size));
    offset += size;
  }
  return found;
}
