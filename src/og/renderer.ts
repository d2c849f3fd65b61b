// The in-process renderer behind library mode: the same services the server and CLI start
// (native engine with the bundled fonts and emoji, guarded fetcher, render pool, cache), without
// a database, started on the first render and shared by every later one, as a server shares one.
import { loadConfig, settings, type Config } from '../config.ts';
import { createServices, type Services } from '../services.ts';

let shared: Promise<Services> | undefined;
let config: Config | undefined;
let overrides: Partial<Config> = {};

/**
 * Settings for library mode over the PLACARD_* environment (fetchAllowPrivate for images on
 * localhost, say). Takes effect with the next renderer: call it before the first render, or
 * after closeRenderer().
 */
export function configureRenderer(settings: Partial<Config>): void {
  overrides = { ...settings };
  config = undefined;
}

const known = new Set(Object.values(settings).map((setting) => setting.env));

/**
 * The settings library mode renders with, read once (a bad value throws here). Unlike the server,
 * other PLACARD_* variables are left alone: the app may keep its own (PLACARD_KEY for the SDK).
 */
export function libraryConfig(): Config {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => known.has(name)));
  config ??= loadConfig(env, overrides);
  return config;
}

export function sharedServices(): Promise<Services> {
  shared ??= createServices(libraryConfig()).catch((error: unknown) => {
    shared = undefined; // a failed start is tried again on the next render
    throw error;
  });
  return shared;
}

/** Stops the shared renderer (JSX workers, Chromium, caches); the next render starts a new one. */
export async function closeRenderer(): Promise<void> {
  const running = shared;
  shared = undefined;
  config = undefined;
  await (await running?.catch(() => undefined))?.close();
}
