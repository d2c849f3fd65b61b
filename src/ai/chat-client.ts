// An OpenAI-compatible chat-completions client: POST {baseUrl}/chat/completions with a Bearer
// key, one completion read back. The endpoint is the operator's own configuration, not user
// input, so it is called directly rather than through the fetch guard (a local model server
// on localhost is a normal setup); the guard's other promises still hold here: a time limit
// over the whole call and a byte cap on the reply.
import { request } from 'undici';
import { AiRequestError, type ChatClient, type ChatClientOptions, type ChatMessage } from './types.ts';

/** The parts of a completion reply Placard reads. */
interface Completion {
  choices?: { message?: { content?: unknown }; finish_reason?: string }[];
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new AiRequestError(`The AI endpoint's reply is larger than the ${max} bytes allowed.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Content is a string, or (some servers) a list of text parts. */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .map((part: { type?: string; text?: unknown }) =>
      part?.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

export function createChatClient(options: ChatClientOptions): ChatClient {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    async complete(messages: ChatMessage[], signal?: AbortSignal): Promise<string> {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: options.model, messages }),
          signal: abort,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const raw = await readCapped(response.body, options.maxReplyBytes);
        if (response.statusCode < 200 || response.statusCode >= 300) {
          const hint =
            response.statusCode === 401 || response.statusCode === 403
              ? ' (the configured key was refused)'
              : '';
          throw new AiRequestError(
            `The AI endpoint answered HTTP ${response.statusCode}${hint}.`,
            raw.subarray(0, 2000).toString('utf8'),
          );
        }
        let reply: Completion;
        try {
          reply = JSON.parse(raw.toString('utf8')) as Completion;
        } catch (error) {
          throw new AiRequestError('The AI endpoint answered with something that is not JSON.', undefined, {
            cause: error,
          });
        }
        const text = textOf(reply.choices?.[0]?.message?.content);
        if (text === undefined) {
          throw new AiRequestError('The AI endpoint answered without choices[0].message.content.');
        }
        return text;
      } catch (error) {
        if (error instanceof AiRequestError) throw error;
        if (timeout.aborted) {
          throw new AiRequestError(
            `The AI endpoint did not answer within ${options.timeoutMs} ms.`,
            undefined,
            {
              cause: error,
            },
          );
        }
        if (signal?.aborted) throw signal.reason ?? error;
        throw new AiRequestError('The AI endpoint could not be reached.', String(error), { cause: error });
      }
    },
  };
}
