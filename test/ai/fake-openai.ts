// A local HTTP server that speaks the OpenAI chat-completions protocol, for tests: it records
// every request (path, headers, JSON body) and answers with what the test's handler returns.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  messages: {
    role: string;
    content: string | { type: string; text?: string; image_url?: { url: string } }[];
  }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: ChatRequestBody;
}

/** Answer `content` as a completion, or send a raw status and body, optionally after a delay. */
export type FakeReply = { content: string } | { status: number; body: string } | { raw: string };

export interface FakeAi {
  /** Base URL to configure as PLACARD_AI_BASE_URL (`/v1`, as OpenAI's). */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type FakeHandler = (body: ChatRequestBody, request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export async function startFakeAi(handler: FakeHandler, options: { delayMs?: number } = {}): Promise<FakeAi> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ChatRequestBody;
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body,
        };
        requests.push(recorded);
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const reply = await handler(body, recorded);
        if ('content' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: `chatcmpl-${requests.length}`,
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model: body.model,
              choices: [
                { index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' },
              ],
              usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
            }),
          );
        } else if ('raw' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(reply.raw);
        } else {
          res.writeHead(reply.status, { 'content-type': 'application/json' });
          res.end(reply.body);
        }
      })().catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The text of the first user message (the prompt and the canvas line). */
export function promptOf(body: ChatRequestBody): string {
  const user = body.messages.find((m) => m.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  return user.content.map((part) => part.text ?? '').join('');
}

export const fenced = (code: string) => `Here is your template:\n\n\`\`\`tsx\n${code}\n\`\`\`\n\nEnjoy!`;

/** A module that compiles and renders. */
export const goodModule = (title = 'Generated') => `export const options = { width: 1200, height: 630 };

export default function Template({ title = ${JSON.stringify(title)}, accent = "#7c3aed" }) {
  return (
    <div style={{ display: "flex", flexDirection: "column", width: "100%", height: "100%", boxSizing: "border-box",
      padding: 64, background: accent, color: "#ffffff", fontFamily: "Inter" }}>
      <h1 style={{ fontSize: 72 }}>{title}</h1>
    </div>
  );
}`;

/** A module with a syntax error (an unclosed function body). */
export const brokenModule = `export default function Template({ title = "Broken" }) {
  return <div style={{ display: "flex" }}>{title}</div>;
`;
