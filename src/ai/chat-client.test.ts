// The chat-completions client against a local server that speaks the protocol: request shape,
// answers as text or parts, and every way the endpoint can fail, with limits on time and size.
import { afterEach, describe, expect, it } from 'vitest';
import { createChatClient } from './chat-client.ts';
import { AiRequestError, type ChatClientOptions } from './types.ts';
import { startFakeAi, type FakeAi, type FakeHandler } from '../../test/ai/fake-openai.ts';

const servers: FakeAi[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function clientFor(
  handler: FakeHandler,
  options: Partial<ChatClientOptions> & { delayMs?: number } = {},
) {
  const ai = await startFakeAi(handler, { delayMs: options.delayMs });
  servers.push(ai);
  const client = createChatClient({
    baseUrl: `${ai.baseUrl}/`,
    apiKey: 'sk-test',
    model: 'gpt-test',
    timeoutMs: 5000,
    maxReplyBytes: 100_000,
    ...options,
  });
  return { ai, client };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiRequestError);
  return error as AiRequestError;
};

describe('createChatClient', () => {
  it('posts the model and messages to /chat/completions with the Bearer key and returns the content', async () => {
    const { ai, client } = await clientFor(() => ({ content: 'hello' }));
    const messages = [
      { role: 'system' as const, content: 'be brief' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] },
    ];
    expect(await client.complete(messages)).toBe('hello');
    expect(ai.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/chat/completions',
        authorization: 'Bearer sk-test',
        contentType: 'application/json',
        body: { model: 'gpt-test', messages },
      },
    ]);
  });

  it('joins content given as text parts', async () => {
    const raw = JSON.stringify({
      choices: [
        {
          message: {
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        },
      ],
    });
    const { client } = await clientFor(() => ({ raw }));
    expect(await client.complete([{ role: 'user', content: 'x' }])).toBe('ab');
  });

  it('reports a non-2xx status without echoing the body, which stays in detail for the log', async () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided: sk-te***' } });
    const { client } = await clientFor(() => ({ status: 401, body }));
    const error = await failure(client.complete([{ role: 'user', content: 'x' }]));
    expect(error.message).toBe('The AI endpoint answered HTTP 401 (the configured key was refused).');
    expect(error.detail).toBe(body);
  });

  it('gives up after timeoutMs', async () => {
    const { client } = await clientFor(() => ({ content: 'late' }), { delayMs: 1000, timeoutMs: 150 });
    const started = Date.now();
    const error = await failure(client.complete([{ role: 'user', content: 'x' }]));
    expect(error.message).toBe('The AI endpoint did not answer within 150 ms.');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('refuses a reply larger than maxReplyBytes', async () => {
    const { client } = await clientFor(() => ({ content: 'x'.repeat(5000) }), { maxReplyBytes: 1024 });
    const error = await failure(client.complete([{ role: 'user', content: 'x' }]));
    expect(error.message).toBe("The AI endpoint's reply is larger than the 1024 bytes allowed.");
  });

  it('refuses a reply that is not JSON or has no content', async () => {
    const { client } = await clientFor(() => ({ raw: '<html>gateway</html>' }));
    expect((await failure(client.complete([{ role: 'user', content: 'x' }]))).message).toBe(
      'The AI endpoint answered with something that is not JSON.',
    );
    const empty = await clientFor(() => ({ raw: '{"choices": []}' }));
    expect((await failure(empty.client.complete([{ role: 'user', content: 'x' }]))).message).toBe(
      'The AI endpoint answered without choices[0].message.content.',
    );
  });

  it('reports an endpoint that cannot be reached', async () => {
    const client = createChatClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: 'k',
      model: 'm',
      timeoutMs: 2000,
      maxReplyBytes: 1024,
    });
    expect((await failure(client.complete([{ role: 'user', content: 'x' }]))).message).toBe(
      'The AI endpoint could not be reached.',
    );
  });

  it("stops when the caller's signal aborts, with the caller's reason", async () => {
    const { client } = await clientFor(() => ({ content: 'late' }), { delayMs: 1000 });
    const controller = new AbortController();
    const pending = client.complete([{ role: 'user', content: 'x' }], controller.signal);
    setTimeout(() => controller.abort(new Error('client left')), 50);
    await expect(pending).rejects.toThrow('client left');
  });
});
