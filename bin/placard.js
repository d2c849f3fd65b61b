#!/usr/bin/env node
// Entry point for `placard` and `npm start`: loads the TypeScript sources through tsx, so a
// fresh clone runs with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
