// `placard batch` run as the real binary: CSV as a spreadsheet writes it (BOM, quoted fields,
// a newline in a cell), bad rows reported by number while the others render, resume and
// re-render on change, a real server over a socket, and file names that cannot leave --out.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { runCli, startServer, type Server } from '../helpers/cli.ts';
import { decode } from '../helpers/image.ts';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const TEMPLATE =
  '<div style="display:flex;flex-direction:column;width:100%;height:100%;background:#0f172a;color:white;font-size:48px">' +
  '<span>{{title}}</span><img src="{{photo}}" width="10" height="10" /></div>';

function setup(csv: string) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'card.html'), TEMPLATE);
  fs.writeFileSync(path.join(dir, 'rows.csv'), csv);
  const out = path.join(dir, 'out');
  const args = (...extra: string[]) => [
    'batch',
    '--template',
    path.join(dir, 'card.html'),
    '--data',
    path.join(dir, 'rows.csv'),
    '--out',
    out,
    '--name',
    '{{slug}}.png',
    '--width',
    '400',
    '--height',
    '200',
    ...extra,
  ];
  return { dir, out, args, env: { PLACARD_DATA_DIR: dir } };
}

const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const GOOD_CSV =
  '\uFEFFslug,title,photo\r\n' +
  `alpha,"Hello, ""quoted"" world","${PIXEL}"\r\n` +
  `beta,"two\nlines","${PIXEL}"\r\n` +
  `gamma,Plain,\r\n`;

const files = (out: string) =>
  fs
    .readdirSync(out)
    .filter((f) => !f.startsWith('.'))
    .sort();

describe('placard batch, in process', () => {
  it('renders one image per CSV row: BOM, quoted fields and a newline in a cell', async () => {
    const { out, args, env } = setup(GOOD_CSV);
    const result = await runCli(args(), env);
    expect(result.stderr).toContain('3 rows, 3 rendered, 0 unchanged and skipped, 0 failed');
    expect(result.code).toBe(0);
    // The BOM did not become part of the first column's name, or {{slug}} would be missing.
    expect(files(out)).toEqual(['alpha.png', 'beta.png', 'gamma.png']);
    for (const file of files(out)) {
      const image = await decode(fs.readFileSync(path.join(out, file)));
      expect([image.width, image.height]).toEqual([400, 200]);
    }
    // Different titles drew different pixels.
    expect(fs.readFileSync(path.join(out, 'alpha.png'))).not.toEqual(
      fs.readFileSync(path.join(out, 'beta.png')),
    );
  });

  it('reports bad rows by number in errors.csv, renders the others and exits 1', async () => {
    const csv =
      'slug,title,photo\n' +
      `one,First,"${PIXEL}"\n` +
      'two,Refused image,file:///etc/passwd\n' +
      'three,Too few fields\n' +
      `four,Fourth,"${PIXEL}"\n` +
      `one,Same name as row 1,"${PIXEL}"\n`;
    const { out, args, env } = setup(csv);
    const result = await runCli(args(), env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('5 rows, 2 rendered, 0 unchanged and skipped, 3 failed');
    expect(files(out)).toEqual(['errors.csv', 'four.png', 'one.png']);
    const errors = fs.readFileSync(path.join(out, 'errors.csv'), 'utf8').trim().split('\n');
    expect(errors[0]).toBe('row,file,code,message');
    expect(errors[1]).toMatch(/^2,two\.png,VALIDATION_FAILED,.*variables\.photo/);
    expect(errors[2]).toMatch(/^3,,INVALID_ROW,"row 3 has 2 fields; the header has 3/);
    expect(errors[3]).toMatch(/^5,one\.png,INVALID_ROW,.*already the name of row 1/);
  });

  it('reports an unknown variable and a missing one from JSON rows', async () => {
    const { dir, out, args, env } = setup('');
    const rows = [
      { slug: 'ok', title: 'Fine', photo: PIXEL },
      { slug: 'extra', title: 'Extra', photo: PIXEL, colour: 'red' },
      { slug: 'lacking', photo: PIXEL },
    ];
    fs.writeFileSync(path.join(dir, 'rows.json'), JSON.stringify(rows));
    const a = args();
    a[a.indexOf('--data') + 1] = path.join(dir, 'rows.json');
    const result = await runCli(a, env);
    expect(result.code).toBe(1);
    const errors = fs.readFileSync(path.join(out, 'errors.csv'), 'utf8');
    expect(errors).toMatch(/^2,extra\.png,VALIDATION_FAILED,.*variables\.colour is not a variable/m);
    expect(errors).toMatch(/^3,lacking\.png,VALIDATION_FAILED,row 3 has no value for title/m);
    expect(files(out)).toEqual(['errors.csv', 'ok.png']);
  });

  it('skips unchanged rows on a rerun and renders a changed row again', async () => {
    const { dir, out, args, env } = setup(GOOD_CSV);
    expect((await runCli(args(), env)).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'beta.png'));
    const alphaTime = fs.statSync(path.join(out, 'alpha.png')).mtimeMs;

    const again = await runCli(args(), env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('3 rows, 0 rendered, 3 unchanged and skipped, 0 failed');

    fs.writeFileSync(path.join(dir, 'rows.csv'), GOOD_CSV.replace('"two\nlines"', 'Changed title'));
    const changed = await runCli(args(), env);
    expect(changed.stderr).toContain('3 rows, 1 rendered, 2 unchanged and skipped, 0 failed');
    expect(fs.readFileSync(path.join(out, 'beta.png'))).not.toEqual(before);
    expect(fs.statSync(path.join(out, 'alpha.png')).mtimeMs).toBe(alphaTime);

    // A changed option is a change too, and a deleted image is drawn again.
    fs.rmSync(path.join(out, 'gamma.png'));
    const deleted = await runCli(args(), env);
    expect(deleted.stderr).toContain('3 rows, 1 rendered, 2 unchanged and skipped');
    const resized = await runCli(args('--width', '300'), env);
    expect(resized.stderr).toContain('3 rows, 3 rendered, 0 unchanged and skipped');
  }, 120_000); // five CLI runs, each starting the renderer

  it('refuses a --name that leaves --out, and keeps row values inside it', async () => {
    const { dir, out, args, env } = setup(GOOD_CSV);
    const a = args();
    a[a.indexOf('--name') + 1] = '../{{slug}}.png';
    const refused = await runCli(a, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'placard: --name must be a file name inside --out, without "/", "\\" or ".."; received "../{{slug}}.png"\n',
    );

    fs.writeFileSync(path.join(dir, 'rows.csv'), `slug,title,photo\n../../escape,Hi,\n..,Dots,\n`);
    const result = await runCli(args(), env);
    expect(fs.readdirSync(dir).sort()).toEqual(['card.html', 'out', 'rows.csv']);
    expect(files(out)).toEqual(['-.-escape.png', 'errors.csv']);
    expect(result.code).toBe(1); // ".." alone gives an empty name: refused for that row
    expect(fs.readFileSync(path.join(out, 'errors.csv'), 'utf8')).toMatch(
      /^2,,INVALID_ROW,.*empty or hidden file name/m,
    );
  });

  it('refuses a data file of an unknown kind in one line', async () => {
    const { args, env } = setup(GOOD_CSV);
    const a = args();
    a[a.indexOf('--data') + 1] = 'README.md';
    const result = await runCli(a, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'placard: cannot tell the --data format of "README.md" from its extension; allowed: .csv, .json; received: ".md"\n',
    );
  });
});

describe('placard batch --server', () => {
  it('renders every row through a real server with the SDK, and a stored template by id', async () => {
    const { dir, out, args } = setup(GOOD_CSV);
    const server = await startServer({
      PLACARD_DATA_DIR: path.join(dir, 'server'),
      PLACARD_API_KEYS: 'batch-key',
    });
    servers.push(server);
    const result = await runCli(args('--server', server.url, '--key', 'batch-key'), {});
    expect(result.stderr).toContain('3 rows, 3 rendered, 0 unchanged and skipped, 0 failed');
    expect(result.code).toBe(0);
    const image = await decode(fs.readFileSync(path.join(out, 'beta.png')));
    expect([image.width, image.height]).toEqual([400, 200]);

    const created = await fetch(`${server.url}/v1/templates`, {
      method: 'POST',
      headers: { authorization: 'Bearer batch-key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'card', kind: 'html', source: TEMPLATE }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const byId = args('--server', server.url, '--key', 'batch-key');
    byId[byId.indexOf('--template') + 1] = id;
    byId[byId.indexOf('--out') + 1] = path.join(dir, 'by-id');
    const stored = await runCli(byId, {});
    expect(stored.stderr).toContain('3 rows, 3 rendered, 0 unchanged and skipped, 0 failed');
    expect(fs.readFileSync(path.join(dir, 'by-id', 'alpha.png'))).toEqual(
      fs.readFileSync(path.join(out, 'alpha.png')),
    );

    // A new version of the stored template renders every row again; the same one skips them.
    expect((await runCli(byId, {})).stderr).toContain('0 rendered, 3 unchanged and skipped');
    const changed = await fetch(`${server.url}/v1/templates/${id}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer batch-key', 'content-type': 'application/json' },
      body: JSON.stringify({ source: TEMPLATE.replace('#0f172a', '#7c2d12') }),
    });
    expect(changed.status).toBe(200);
    expect((await runCli(byId, {})).stderr).toContain('3 rendered, 0 unchanged and skipped');

    const wrongKey = await runCli(args('--server', server.url, '--key', 'nope'), {});
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/^placard: UNAUTHORIZED: /);
  }, 120_000); // a server and six CLI runs
});
