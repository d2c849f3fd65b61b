// `placard fonts add|list|remove`: an account's own fonts. With --server and --key the commands
// go through a running Placard's /v1/fonts; without, straight to the database and blob store
// that `placard serve` uses (the same PLACARD_* settings), like `placard keys`.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ensureInstallAccount, INSTALL_ACCOUNT_ID } from '../../auth/keys.ts';
import { loadConfig } from '../../config.ts';
import { errorCodes, type ErrorCode } from '../../errors/codes.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import { summarize } from '../../fonts/bundled-list.ts';
import { createFontLibrary, type FontLibrary } from '../../fonts/library.ts';
import { parseOverrides } from '../../http/routes/fonts.ts';
import { blobsFor } from '../../services.ts';
import { createDatabase, type StoredFont } from '../../storage/db/index.ts';

interface Target {
  server?: string;
  key?: string;
  account?: string;
}

interface FontLine {
  id: string;
  family: string;
  weight: number;
  /** A variable font's axis (the API's weight_range, the library's weightRange). */
  weight_range: { min: number; max: number } | null;
  style: string;
  format: string;
  bytes: number;
  scripts: string[];
}

async function withLibrary<T>(fn: (library: FontLibrary) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await createDatabase({ url: config.databaseUrl || undefined, dataDir: config.dataDir });
  const blobs = await blobsFor(config);
  try {
    await ensureInstallAccount(db);
    const limits = {
      maxBytes: config.maxFontBytes,
      quota: config.fontQuota,
      quotaBytes: config.fontQuotaBytes,
      cacheBytes: 0,
    };
    return await fn(createFontLibrary(db, blobs, limits));
  } finally {
    await blobs.close();
    await db.close();
  }
}

/** A call to the server's API; its error envelope becomes the same PlacardError the server threw. */
async function api(target: Target, method: string, route: string, body?: FormData): Promise<unknown> {
  if (!target.key) throw new PlacardError('VALIDATION_FAILED', '--server needs --key <api key>.');
  const url = new URL(route, target.server);
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${target.key}` }, body });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  if (!res.ok) {
    const error = (json?.error ?? {}) as { code?: string; message?: string };
    const code = error.code && error.code in errorCodes ? (error.code as ErrorCode) : 'INTERNAL_ERROR';
    throw new PlacardError(code, error.message ?? `${url.href} answered ${res.status}.`);
  }
  return json;
}

/** A variable font's weight column is its axis, 100-900; a static one's, its weight. */
const weightOf = (font: FontLine): string =>
  font.weight_range ? `${font.weight_range.min}-${font.weight_range.max}` : String(font.weight);

const line = (font: FontLine): string =>
  `${font.id}\t${font.family}\t${weightOf(font)}\t${font.style}\t${font.format}\t${font.bytes}\t${font.scripts.join(',')}\n`;

const local = (font: StoredFont): FontLine => ({ ...font, weight_range: font.weightRange });

const targetOptions = (command: Command): Command =>
  command
    .option('--server <url>', 'a running Placard (http://host:port); default: the local database')
    .option('--key <key>', 'API key for --server')
    .option('--account <id>', "without --server: the account (default: the install's own)");

export function registerFonts(program: Command): void {
  const fonts = program.command('fonts').description("Add, list and remove an account's own fonts.");

  targetOptions(
    fonts
      .command('add')
      .description('Upload a TTF, OTF, WOFF or WOFF2 file; prints its id.')
      .argument('<file>', 'the font file')
      .option('--family <name>', "family name (default: the font's own)")
      .option('--weight <n>', "weight 1-1000 (default: the font's own)")
      .option('--style <style>', "normal or italic (default: the font's own)"),
  ).action(async (file: string, flags: Target & { family?: string; weight?: string; style?: string }) => {
    const bytes = await fs.readFile(file);
    const fields = { family: flags.family, weight: flags.weight, style: flags.style };
    let font: FontLine;
    if (flags.server) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), path.basename(file));
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
      font = (await api(flags, 'POST', '/v1/fonts', form)) as FontLine;
    } else {
      const overrides = parseOverrides(fields);
      font = local(
        await withLibrary((library) => library.add(flags.account ?? INSTALL_ACCOUNT_ID, bytes, overrides)),
      );
    }
    console.error(
      `placard: added ${font.family} ${weightOf(font)} ${font.style} (${font.format}, ${font.bytes} bytes)`,
    );
    process.stdout.write(`${font.id}\n`);
  });

  targetOptions(
    fonts
      .command('list')
      .description("List the account's fonts: id, family, weight, style, format, bytes, scripts."),
  ).action(async (flags: Target) => {
    const list: FontLine[] = flags.server
      ? ((await api(flags, 'GET', '/v1/fonts')) as { account: { fonts: FontLine[] }[] }).account.flatMap(
          (family) => family.fonts,
        )
      : (await withLibrary((library) => library.list(flags.account ?? INSTALL_ACCOUNT_ID))).map(local);
    for (const font of list) process.stdout.write(line(font));
    if (list.length === 0) console.error('placard: the account has no fonts of its own');
    else console.error(`placard: ${list.length} fonts in ${summarize(list).length} families`);
  });

  targetOptions(
    fonts.command('remove').description('Delete a font by id.').argument('<id>', 'the font id (fnt_...)'),
  ).action(async (id: string, flags: Target) => {
    if (flags.server) await api(flags, 'DELETE', `/v1/fonts/${encodeURIComponent(id)}`);
    else await withLibrary((library) => library.remove(flags.account ?? INSTALL_ACCOUNT_ID, id));
    console.error(`placard: removed ${id}`);
  });
}
