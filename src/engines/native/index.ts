// The native (Takumi) engine's public surface.
export { createNativeEngine, type NativeEngineOptions } from './engine.ts';
export { NativePreparedDocument } from './prepare.ts';
export type { FontLoading } from './fonts.ts';
