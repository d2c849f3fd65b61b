import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Renderer } from '@takumi-rs/core';
import { fromHtml } from 'takumi-js/helpers/html';
import sharp from 'sharp';
import { boundCardHtml, card } from './lib/card.ts';
const require = createRequire(import.meta.url);
const renderer = new Renderer();
for (const weight of [400,700]) for (const subset of ['latin','latin-ext']) {
  const file = require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff2`);
  await renderer.registerFont({ name: 'Inter', data: await readFile(file), weight, style: 'normal' });
}
const { node, css } = fromHtml(boundCardHtml());
const base = { width: card.width, height: card.height, css };
const med = (a:number[]) => a.sort((x,y)=>x-y)[a.length>>1];
async function time(name:string, f:()=>Promise<any>, n=40) {
  for (let i=0;i<5;i++) await f();
  const s:number[]=[]; let out:any;
  for (let i=0;i<n;i++){ const t=performance.now(); out=await f(); s.push(performance.now()-t);}
  console.log(name.padEnd(30), med(s)!.toFixed(2), out?.length ?? '');
  return out;
}
await time('measure', () => renderer.measure(node, base));
const raw = await time('raw', () => renderer.render(node, { ...base, format: 'raw' }));
await time('png', () => renderer.render(node, { ...base, format: 'png' }));
await time('jpeg', () => renderer.render(node, { ...base, format: 'jpeg' }));
for (const lvl of [0,1,2,3,6]) for (const af of [false,true])
  await time(`sharp png l${lvl} af${af}`, () => sharp(raw, { raw: { width: card.width, height: card.height, channels: 4 } }).png({ compressionLevel: lvl, adaptiveFiltering: af }).toBuffer());
await time(`sharp png l1 rgb`, () => sharp(raw, { raw: { width: card.width, height: card.height, channels: 4 } }).removeAlpha().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer());
await time(`sharp png l3 rgb`, () => sharp(raw, { raw: { width: card.width, height: card.height, channels: 4 } }).removeAlpha().png({ compressionLevel: 3, adaptiveFiltering: false }).toBuffer());
