// Whether AI generation is configured: it needs all three of the endpoint, the key and the
// model. The error names exactly what is missing, so an operator fixes it in one go.
import type { Config } from '../config.ts';
import { PlacardError } from '../errors/placard-error.ts';
import { settings } from '../config.ts';
import type { ChatClientOptions } from './types.ts';

const required = ['aiBaseUrl', 'aiApiKey', 'aiModel'] as const;

/** The env names of the unset AI settings, in a stable order. */
export function missingAiSettings(config: Config): string[] {
  return required.filter((key) => config[key].trim() === '').map((key) => settings[key].env);
}

/**
 * 501, not 503: nothing is down and a retry cannot help until an operator sets the variables;
 * 503 would invite client retry loops and read as an unhealthy node to load balancers.
 */
export function aiNotConfigured(missing: readonly string[]): PlacardError {
  return new PlacardError(
    'AI_NOT_CONFIGURED',
    `AI template generation is not configured on this server: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
      'An operator sets PLACARD_AI_BASE_URL, PLACARD_AI_API_KEY and PLACARD_AI_MODEL to enable it.',
    { details: { missing } },
  );
}

/** The client options, or AI_NOT_CONFIGURED naming every missing setting. */
export function chatOptionsFrom(config: Config): ChatClientOptions {
  const missing = missingAiSettings(config);
  if (missing.length > 0) throw aiNotConfigured(missing);
  return {
    baseUrl: config.aiBaseUrl.trim(),
    apiKey: config.aiApiKey.trim(),
    model: config.aiModel.trim(),
    timeoutMs: config.aiTimeoutMs,
    maxReplyBytes: config.aiMaxReplyBytes,
  };
}
