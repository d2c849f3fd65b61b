// The slice of the OpenAI chat-completions protocol Placard speaks: text and image_url content
// parts in, one assistant message out. Any server that speaks this protocol works (OpenAI,
// Azure OpenAI's v1 route, OpenRouter, vLLM, Ollama, LM Studio, ...).

export type ChatContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string };

export interface ChatClient {
  /** The assistant's answer text. Throws AiRequestError when the endpoint fails. */
  complete(messages: ChatMessage[], signal?: AbortSignal): Promise<string>;
}

/** Where the AI endpoint is and how long and how much Placard waits for it. */
export interface ChatClientOptions {
  /** `https://api.openai.com/v1`: `/chat/completions` is appended. */
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxReplyBytes: number;
}

/**
 * The endpoint failed (network, timeout, non-2xx, a reply that is not a completion). The
 * message is safe to show an API user: it never carries the key or the upstream's body,
 * which may echo part of the key; `detail` keeps that for the server log.
 */
export class AiRequestError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AiRequestError';
  }
}

/** One item of POST /v1/templates/generate. */
export interface GenerationRequest {
  prompt: string;
  width?: number;
  height?: number;
  /** `data:image/png;base64,...`, sent to the model as an image_url part. */
  imageDataUrl?: string;
}
