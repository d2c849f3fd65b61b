// The generation service with a scripted chat client and the real pipeline and template
// store: what is saved, what goes back to the model on the one retry, what fails at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemplateGenerator, nameFromPrompt, type TemplateGenerator } from '../../src/ai/generate.ts';
import { chatOptionsFrom, missingAiSettings } from '../../src/ai/settings.ts';
import { AiRequestError, type ChatClient, type ChatMessage } from '../../src/ai/types.ts';
import { loadConfig } from '../../src/config.ts';
import { isPlacardError } from '../../src/errors/placard-error.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { brokenModule, fenced, goodModule } from './fake-openai.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A chat client that answers from a list and records what it was sent. */
function scripted(answers: (string | Error)[]) {
  const sent: ChatMessage[][] = [];
  const chat: ChatClient = {
    async complete(messages) {
      sent.push(structuredClone(messages));
      const next = answers.shift();
      if (next === undefined) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { chat, sent };
}

function generatorWith(chat: ChatClient, maxCodeChars = 180_000): TemplateGenerator {
  return createTemplateGenerator({
    chat,
    pipeline: t.services.pipeline,
    templates: t.services.templateStore!,
    limits: t.config,
    maxCodeChars,
  });
}

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPlacardError(error)) throw new Error(`expected a PlacardError, got ${String(error)}`);
  expect(error.code).toBe('GENERATION_FAILED');
  return error;
};

describe('createTemplateGenerator', () => {
  it('saves a working module as a JSX template, with the asked-for size over the declared one', async () => {
    const { chat } = scripted([fenced(goodModule('Hello'))]);
    const template = await generatorWith(chat).generate('acc_install', {
      prompt: 'A hello card',
      width: 640,
      height: 320,
    });
    expect(template).toMatchObject({ kind: 'jsx', name: 'A hello card', description: 'A hello card' });
    expect(template.options).toMatchObject({ width: 640, height: 320 });
    expect(template.source).toBe(goodModule('Hello'));
  });

  it('sends the problem back once: no code, then a module that is too long, then gives up', async () => {
    const { chat, sent } = scripted(['I would rather not.', fenced(goodModule('x'.repeat(300)))]);
    const error = await failureOf(generatorWith(chat, 200).generate('acc_install', { prompt: 'p' }));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at(-1)!.content).toContain('The answer held no code');
    expect(error.message).toMatch(
      /after 2 attempts; the last problem: The module is \d+ characters long; allowed: at most 200/,
    );
  });

  it('feeds a runtime error back like a compile error', async () => {
    const throws = 'export default function T({ a = "x" }) { throw new Error("kaput " + a); }';
    const { chat, sent } = scripted([fenced(throws), fenced(goodModule())]);
    await generatorWith(chat).generate('acc_install', { prompt: 'p' });
    expect(sent[1]!.at(-1)!.content).toContain('TEMPLATE_RUNTIME_ERROR: Template threw Error: kaput x');
  });

  it('fails at once, without a retry, when the endpoint fails', async () => {
    const { chat, sent } = scripted([
      new AiRequestError('The AI endpoint answered HTTP 503.'),
      fenced(goodModule()),
    ]);
    const error = await failureOf(generatorWith(chat).generate('acc_install', { prompt: 'p' }));
    expect(error.message).toBe('The AI endpoint answered HTTP 503.');
    expect(sent).toHaveLength(1);
  });

  it('saves nothing when both answers are broken', async () => {
    const before = (await t.services.templateStore!.list('acc_install', { limit: 100 })).items.length;
    const { chat } = scripted([fenced(brokenModule), fenced(brokenModule)]);
    await failureOf(generatorWith(chat).generate('acc_install', { prompt: 'p' }));
    expect((await t.services.templateStore!.list('acc_install', { limit: 100 })).items.length).toBe(before);
  });
});

describe('nameFromPrompt', () => {
  it('takes the first line, cut at a word near 60 characters', () => {
    expect(nameFromPrompt('  Launch card\nwith details')).toBe('Launch card');
    expect(nameFromPrompt(`${'word '.repeat(30)}`)).toBe(`${'word '.repeat(11).trim()}…`);
    expect(nameFromPrompt('   ')).toBe('Generated template');
  });
});

describe('AI settings', () => {
  it('names every missing setting, and trims the configured ones', () => {
    expect(missingAiSettings(loadConfig({}))).toEqual([
      'PLACARD_AI_BASE_URL',
      'PLACARD_AI_API_KEY',
      'PLACARD_AI_MODEL',
    ]);
    const config = loadConfig({
      PLACARD_AI_BASE_URL: ' http://x/v1 ',
      PLACARD_AI_API_KEY: 'k',
      PLACARD_AI_MODEL: 'm',
    });
    expect(missingAiSettings(config)).toEqual([]);
    expect(chatOptionsFrom(config)).toMatchObject({
      baseUrl: 'http://x/v1',
      apiKey: 'k',
      model: 'm',
      timeoutMs: 120_000,
    });
    expect(() => chatOptionsFrom(loadConfig({ PLACARD_AI_MODEL: 'm' }))).toThrow(
      'PLACARD_AI_BASE_URL, PLACARD_AI_API_KEY are not set',
    );
  });
});
