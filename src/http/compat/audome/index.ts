export { audomeDialect, type AudomeDeps } from './plugin.ts';
