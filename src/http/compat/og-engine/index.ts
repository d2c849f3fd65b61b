export { ogEngineDialect, type OgDeps } from './plugin.ts';
