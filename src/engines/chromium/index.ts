// The Chromium engine's public surface.
export { createChromiumEngine, type ChromiumEngine, type ChromiumEngineOptions } from './engine.ts';
export { findChromium } from './find.ts';
export { ChromiumPreparedDocument } from './prepare.ts';
