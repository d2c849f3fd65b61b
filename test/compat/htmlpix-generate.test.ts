// POST /v1/templates/generate against a local server that speaks the chat-completions
// protocol: answers are compiled and test-rendered before they are saved, a broken answer is
// retried once with its error, and each item succeeds or fails on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admission, Outcome } from '../../src/http/admission.ts';
import {
  brokenModule,
  fenced,
  goodModule,
  promptOf,
  startFakeAi,
  type ChatRequestBody,
  type FakeAi,
  type FakeReply,
} from '../ai/fake-openai.ts';
import { decode } from '../helpers/image.ts';
import { startHtmlpix, type ErrorBody, type HtmlpixServer, type TemplateBody } from './htmlpix-app.ts';

type Result =
  | { ok: true; result: { templateId: string; template: TemplateBody } }
  | { ok: false; error: { code: string; message: string } };
type Results = { results: Result[] };

/** Answers by what the prompt asks for, so concurrent items get their own script. */
function script(body: ChatRequestBody): FakeReply {
  const prompt = promptOf(body);
  const retry = body.messages.length > 2;
  if (prompt.includes('BROKEN_TWICE')) return { content: fenced(brokenModule) };
  if (prompt.includes('BROKEN_ONCE') && !retry) return { content: fenced(brokenModule) };
  if (prompt.includes('UPSTREAM_DOWN')) {
    return {
      status: 500,
      body: JSON.stringify({ error: { message: 'Incorrect API key provided: sk-secret-123' } }),
    };
  }
  return { content: fenced(goodModule(prompt.split('\n')[0]!.slice(0, 40))) };
}

/** Records every admission and how it was settled. */
function recordingAdmission() {
  const log: { features: readonly string[]; units: number; outcome?: Outcome }[] = [];
  const admission: Admission = {
    requireFeatures: async () => undefined,
    async admit(_request, features, units = 1) {
      const entry: (typeof log)[number] = { features, units };
      log.push(entry);
      return {
        headers: { 'x-ratelimit-remaining': '42' },
        quotaHeaders: {},
        settle: async (outcome) => void (entry.outcome ??= outcome),
        credits: async () => ({ used: 0, remaining: null }),
      };
    },
  };
  return { admission, log };
}

let ai: FakeAi;
let s: HtmlpixServer;
const meter = recordingAdmission();
beforeAll(async () => {
  ai = await startFakeAi(script);
  s = await startHtmlpix(
    { aiBaseUrl: ai.baseUrl, aiApiKey: 'sk-test-key', aiModel: 'gpt-test' },
    meter.admission,
  );
});
afterAll(async () => {
  await s.close();
  await ai.close();
});

const generate = (items: unknown[]) => s.call<Results>('POST', '/v1/templates/generate', { items });
const requestsFor = (marker: string) => ai.requests.filter((r) => promptOf(r.body).includes(marker));

describe('POST /v1/templates/generate', () => {
  it('asks the model over the chat-completions protocol and saves a template that renders', async () => {
    const res = await generate([
      { prompt: 'A professional blog post OG image with title and author', width: 800, height: 420 },
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('42');
    const [first] = res.json.results;
    if (!first?.ok) throw new Error(JSON.stringify(first));
    const { templateId, template } = first.result;
    expect(template).toMatchObject({ _id: templateId, width: 800, height: 420, isPublic: false });
    expect(template.name).toBe('A professional blog post OG image with title and author');
    expect(template.code).toContain('export default function Template');
    expect(template.variables.map((v) => v.name)).toEqual(['title', 'accent']);

    const [sent] = requestsFor('A professional blog post');
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      authorization: 'Bearer sk-test-key',
    });
    expect(sent!.contentType).toBe('application/json');
    expect(sent!.body.model).toBe('gpt-test');
    expect(sent!.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent!.body.messages[0]!.content).toContain('export const options');
    expect(sent!.body.messages[1]!.content).toContain('Canvas: 800x420 pixels');

    const image = await fetch(template.signedPreviewUrl);
    expect(image.status).toBe(200);
    const decoded = await decode(Buffer.from(await image.arrayBuffer()));
    expect([decoded.width, decoded.height]).toEqual([800, 420]);
    const stored = await s.call<{ template: TemplateBody }>('GET', `/v1/templates/${templateId}`);
    expect(stored.json.template.code).toBe(template.code);
  });

  it('sends a reference image as an image_url part, with no instructions added about it', async () => {
    const imageDataUrl =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
    const res = await generate([{ prompt: 'IMAGE_REF like this one', imageDataUrl }]);
    expect(res.json.results[0]!.ok).toBe(true);
    const content = requestsFor('IMAGE_REF')[0]!.body.messages[1]!.content;
    expect(content).toEqual([
      {
        type: 'text',
        text: 'IMAGE_REF like this one\n\nCanvas: 1200x630 pixels (export const options = { width: 1200, height: 630 }).',
      },
      { type: 'image_url', image_url: { url: imageDataUrl } },
    ]);
  });

  it('retries a broken answer once with the compile error, then succeeds', async () => {
    const res = await generate([{ prompt: 'BROKEN_ONCE card' }]);
    expect(res.json.results[0]!.ok).toBe(true);
    const sent = requestsFor('BROKEN_ONCE');
    expect(sent).toHaveLength(2);
    const retry = sent[1]!.body.messages;
    expect(retry.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry[2]!.content).toContain(brokenModule.trim());
    expect(retry[3]!.content).toMatch(
      /TEMPLATE_COMPILE_FAILED: Template has a syntax error at line \d+, column \d+/,
    );
  });

  it('fails an item broken twice with GENERATION_FAILED while another item of the batch succeeds', async () => {
    const before = meter.log.length;
    const res = await generate([{ prompt: 'BROKEN_TWICE please' }, { prompt: 'A good launch card' }]);
    expect(res.status).toBe(200);
    const [bad, good] = res.json.results;
    expect(bad).toMatchObject({ ok: false, error: { code: 'GENERATION_FAILED' } });
    if (bad?.ok !== false) throw new Error('expected a failure');
    expect(bad.error.message).toContain('after 2 attempts');
    expect(bad.error.message).toContain('TEMPLATE_COMPILE_FAILED');
    expect(good?.ok).toBe(true);
    expect(requestsFor('BROKEN_TWICE please')).toHaveLength(2);
    // One ai unit per item; only the saved template keeps its charge.
    expect(meter.log.slice(before)).toEqual([
      { features: ['ai'], units: 1, outcome: 'failed' },
      { features: ['ai'], units: 1, outcome: 'drawn' },
    ]);
    // Nothing of the broken item was saved.
    const mine = await s.call<{ templates: TemplateBody[] }>('GET', '/v1/templates?scope=mine');
    expect(mine.json.templates.some((t) => t.name.includes('BROKEN_TWICE'))).toBe(false);
  });

  it('fails an item whose AI endpoint errs, without a retry and without echoing the upstream body', async () => {
    const res = await generate([{ prompt: 'UPSTREAM_DOWN now' }]);
    const [item] = res.json.results;
    if (item?.ok !== false) throw new Error('expected a failure');
    expect(item.error).toEqual({ code: 'GENERATION_FAILED', message: 'The AI endpoint answered HTTP 500.' });
    expect(requestsFor('UPSTREAM_DOWN')).toHaveLength(1);
  });

  it('refuses 6 items, an empty prompt, a 2001-character prompt and a non-data-URL image', async () => {
    const six = await s.call<ErrorBody>('POST', '/v1/templates/generate', {
      items: Array.from({ length: 6 }, () => ({ prompt: 'x' })),
    });
    expect(six.status).toBe(400);
    expect(six.json.error.message).toContain('body.items must NOT have more than 5 items');
    for (const item of [
      { prompt: '' },
      { prompt: 'p'.repeat(2001) },
      { prompt: 'x', imageDataUrl: 'https://example.com/a.png' },
    ]) {
      const res = await s.call<ErrorBody>('POST', '/v1/templates/generate', { items: [item] });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('POST /v1/templates/generate without AI settings', () => {
  it('answers 501 AI_NOT_CONFIGURED naming exactly the missing settings', async () => {
    const none = await startHtmlpix();
    const partly = await startHtmlpix({ aiBaseUrl: 'http://127.0.0.1:9/v1', aiApiKey: 'k' });
    try {
      const all = await none.call<ErrorBody>('POST', '/v1/templates/generate', { items: [{ prompt: 'x' }] });
      expect(all.status).toBe(501);
      expect(all.json.error.code).toBe('AI_NOT_CONFIGURED');
      expect(all.json.error.message).toMatch(
        /^AI template generation is not configured on this server: PLACARD_AI_BASE_URL, PLACARD_AI_API_KEY, PLACARD_AI_MODEL are not set\./,
      );
      const one = await partly.call<ErrorBody>('POST', '/v1/templates/generate', {
        items: [{ prompt: 'x' }],
      });
      expect(one.status).toBe(501);
      expect(one.json.error.message).toMatch(/: PLACARD_AI_MODEL is not set\./);
      expect(one.json.error.details).toEqual({ missing: ['PLACARD_AI_MODEL'] });
    } finally {
      await Promise.all([none.close(), partly.close()]);
    }
  });
});
