import { createNativeEngine } from '../src/engines/native/index.ts';
import sharp from 'sharp';
const e = await createNativeEngine();
const html = `<style>.s::before{content: var(--pc0); color:red; font-size:40px}</style><div class="s" style="--pc0: &quot;7&quot;">x</div><div class="s" style="--pc0: &quot;8&quot;">y</div>`;
const out = await e.render(e.prepare({ html }), { width: 200, height: 120, scale: 1, format: 'png', quality: undefined, background: '#fff', assets: new Map(), signal: AbortSignal.timeout(5000) });
await sharp(out.data).toFile('/tmp/v.png');
