import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('unknown PLACARD_* variables', () => {
  it('suggest the setting a typo most likely meant', () => {
    expect(problemsOf({ PLACARD_PORTT: '1' })).toEqual([
      'PLACARD_PORTT is not a Placard setting; did you mean PLACARD_PORT?',
    ]);
    expect(problemsOf({ PLACARD_LOGLEVEL: 'debug' })[0]).toMatch(/did you mean PLACARD_LOG_LEVEL\?$/);
    expect(problemsOf({ PLACARD_API_KEY: 'k' })[0]).toMatch(/did you mean PLACARD_API_KEYS\?$/);
  });

  it('suggest the full name of a setting cut short', () => {
    expect(problemsOf({ PLACARD_REDIS: 'redis://x' })[0]).toMatch(
      /did you mean PLACARD_REDIS_URL or PLACARD_REDIS_PREFIX\?$/,
    );
    expect(problemsOf({ PLACARD_BASE: 'https://img.example.com' })[0]).toMatch(
      /did you mean PLACARD_BASE_URL\?$/,
    );
  });

  it('say the prefix is reserved when nothing is close, as for a shell variable holding a key', () => {
    const [problem] = problemsOf({ PLACARD_KEY: 'pk_abc' });
    expect(problem).toContain('PLACARD_KEY is not a Placard setting');
    expect(problem).not.toContain('did you mean');
    expect(problem).toContain('reserved for settings');
  });

  it('are reported together with every other problem', () => {
    const problems = problemsOf({ PLACARD_PORTT: '1', PLACARD_PORT: 'x', PLACARD_KEY: 'k' });
    expect(problems).toHaveLength(3);
  });

  it('leave variables outside the prefix alone', () => {
    expect(problemsOf({ API_KEY: 'pk_abc', PLACARDKEY: 'x' })).toEqual([]);
  });
});
