import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { adaptForNative } from '../src/engines/native/adapt/index.ts';
const name = process.argv[2]!;
const meta = JSON.parse(readFileSync(`fidelity/cases/${name}.json`, 'utf8'));
const html = Handlebars.compile(readFileSync(`fidelity/cases/${name}.html`, 'utf8'))(meta.variables);
const r = adaptForNative({ html }, { width: meta.width ?? 1200, height: meta.height ?? 630 });
console.log(r.rewrites, r.document.html);
