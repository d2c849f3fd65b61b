// WOFF 1.0 → plain SFNT (TrueType/OpenType) decoder. Chromium reads web fonts in any format, but
// the fonts it finds through fontconfig (generic families, last-resort fallback) must be plain
// SFNT files: it skips WOFF and WOFF2 there. Every @fontsource face ships a .woff twin of its
// .woff2 with the same glyphs, and WOFF 1.0 is only zlib per table, so node:zlib is enough.
import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const HEADER_BYTES = 44;
const ENTRY_BYTES = 20;

interface Table {
  tag: number;
  checksum: number;
  data: Buffer;
}

export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < HEADER_BYTES || woff.readUInt32BE(0) !== WOFF_SIGNATURE) {
    throw new Error('not a WOFF 1.0 file');
  }
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    const offset = woff.readUInt32BE(at + 4);
    const compressed = woff.readUInt32BE(at + 8);
    const original = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compressed);
    // A table is stored as is when zlib would not have made it smaller.
    const data = compressed < original ? inflateSync(stored) : stored;
    if (data.length !== original) throw new Error('a WOFF table does not have its declared length');
    tables.push({ tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data });
  }
  return sfnt(flavor, tables);
}

/** The SFNT offset table, a record per table (WOFF keeps them sorted by tag) and 4-byte-aligned data. */
function sfnt(flavor: number, tables: readonly Table[]): Buffer {
  const selector = Math.floor(Math.log2(Math.max(1, tables.length)));
  const searchRange = 2 ** selector * 16;
  const head = Buffer.alloc(12 + 16 * tables.length);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(tables.length, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(selector, 8);
  head.writeUInt16BE(tables.length * 16 - searchRange, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    head.writeUInt32BE(table.tag, record);
    head.writeUInt32BE(table.checksum, record + 4);
    head.writeUInt32BE(offset, record + 8);
    head.writeUInt32BE(table.data.length, record + 12);
    const padding = (4 - (table.data.length % 4)) % 4;
    parts.push(table.data, Buffer.alloc(padding));
    offset += table.data.length + padding;
  });
  return Buffer.concat(parts);
}
