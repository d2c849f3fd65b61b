// Builds a RenderRequest from loosely-typed input (an HTTP body, CLI flags), applying
// defaults and the checks a schema cannot express. Every entry point goes through here so a
// default or a limit is decided once.
import { formatHex8, parse as parseColour } from 'culori';
import { describeValue, PlacardError } from './errors.ts';
import type { EngineName, OutputFormat, RenderRequest } from './render-request.ts';

export interface RenderInput {
  html: string;
  variables?: Record<string, unknown>;
  width?: number;
  height?: number;
  scale?: number;
  format?: OutputFormat;
  quality?: number;
  background?: string;
  engine?: EngineName | 'auto';
  timeoutMs?: number;
}

export interface RequestLimits {
  maxTemplateBytes: number;
  defaultTimeoutMs: number;
}

const invalid = (field: string, message: string, allowed: string, received: unknown) =>
  new PlacardError(
    'VALIDATION_FAILED',
    `${field} ${message}; allowed: ${allowed}; received: ${describeValue(received)}`,
    {
      details: { field, allowed, received: describeValue(received) },
    },
  );

/** A CSS colour as #rrggbbaa, which every engine understands; 'transparent' stays as is. */
export function normalizeBackground(value: string | undefined, format: OutputFormat): string {
  if (value === undefined) return '#ffffffff';
  const trimmed = value.trim().toLowerCase();
  const colour = parseColour(trimmed);
  if (!colour) {
    throw invalid(
      'background',
      'is not a CSS colour',
      'a CSS colour (#hex, rgb(), hsl(), a name) or "transparent"',
      value,
    );
  }
  const hex = formatHex8(colour);
  const seeThrough = trimmed === 'transparent' || (colour.alpha ?? 1) < 1;
  if (seeThrough && format === 'jpeg') {
    throw invalid(
      'background',
      'cannot be transparent for jpeg, which has no alpha',
      'png, webp, avif or pdf with a transparent background',
      value,
    );
  }
  return trimmed === 'transparent' ? 'transparent' : hex;
}

export function buildRenderRequest(input: RenderInput, limits: RequestLimits): RenderRequest {
  const templateBytes = Buffer.byteLength(input.html);
  if (templateBytes > limits.maxTemplateBytes) {
    throw invalid(
      'html',
      `is ${templateBytes} bytes, too large`,
      `at most ${limits.maxTemplateBytes} bytes`,
      `${templateBytes} bytes`,
    );
  }
  const format = input.format ?? 'png';
  return {
    template: { kind: 'html', source: input.html },
    variables: input.variables ?? {},
    width: input.width ?? 1200,
    height: input.height ?? 630,
    scale: input.scale ?? 1,
    format,
    quality: input.quality,
    background: normalizeBackground(input.background, format),
    timeoutMs: input.timeoutMs ?? limits.defaultTimeoutMs,
    engine: 'native',
  };
}
