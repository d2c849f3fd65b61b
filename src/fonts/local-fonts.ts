// Font files given on the command line (`placard render --font ./Brand.woff2`): checked like an
// upload and used for that one render, nothing stored. Family, weight and style come from the
// font's own tables.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { fontSet, type FontSet } from './font-set.ts';
import { parseFont } from './parse.ts';

export async function fontSetFromFiles(files: readonly string[]): Promise<FontSet> {
  const faces = await Promise.all(
    files.map(async (file) => {
      const data = await fs.readFile(file);
      const parsed = await parseFont(data);
      return {
        id: createHash('sha256').update(data).digest('hex').slice(0, 24),
        family: parsed.family,
        weight: parsed.weight,
        style: parsed.style,
        load: async () => data,
      };
    }),
  );
  return fontSet(faces);
}
