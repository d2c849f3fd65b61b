// Entry point of `placard/og` in plain Node: loads the TypeScript sources through tsx, scoped to
// this import (nothing is registered for the rest of the program), so there is no build step,
// as bin/placard.js does for the CLI. Bundlers and tests resolve src/og/index.ts directly.
import { tsImport } from 'tsx/esm/api';

const og = await tsImport('./src/og/index.ts', import.meta.url);

export const { ImageResponse, render, closeRenderer, configureRenderer } = og;
