export { rasterkitDialect, type RasterkitDeps } from './plugin.ts';
