// AI template generation: an OpenAI-compatible chat client and the service that turns a prompt
// into a compiled, test-rendered, saved JSX template.
export { createChatClient } from './chat-client.ts';
export { extractCode } from './extract-code.ts';
export { createTemplateGenerator, nameFromPrompt } from './generate.ts';
export type { TemplateGenerator, TemplateGeneratorDeps } from './generate.ts';
export { repairMessage, requestMessage, systemPrompt } from './prompt.ts';
export { aiNotConfigured, chatOptionsFrom, missingAiSettings } from './settings.ts';
export { AiRequestError } from './types.ts';
export type {
  ChatClient,
  ChatClientOptions,
  ChatContentPart,
  ChatMessage,
  GenerationRequest,
} from './types.ts';
