// extractCode takes the template module out of a model's answer, fenced or bare.
import { describe, expect, it } from 'vitest';
import { extractCode } from './extract-code.ts';

const module = 'export default function Template({ title = "Hi" }) {\n  return <div>{title}</div>;\n}';

describe('extractCode', () => {
  it('strips a tagged fence and the prose around it', () => {
    expect(extractCode(`Sure! Here it is:\n\n\`\`\`tsx\n${module}\n\`\`\`\n\nLet me know.`)).toBe(module);
    expect(extractCode(`\`\`\`jsx\n${module}\n\`\`\``)).toBe(module);
    expect(extractCode(`\`\`\`\n${module}\n\`\`\``)).toBe(module);
  });

  it('takes a bare module whole', () => {
    expect(extractCode(`\n${module}\n`)).toBe(module);
  });

  it('picks the block with the default export over usage examples', () => {
    const answer = `\`\`\`json\n{ "title": "Hi" }\n\`\`\`\n\nThe template:\n\`\`\`tsx\n${module}\n\`\`\``;
    expect(extractCode(answer)).toBe(module);
  });

  it('keeps an unterminated fence (a cut-off answer) so its compile error can be reported', () => {
    expect(extractCode(`\`\`\`tsx\n${module}`)).toBe(module);
  });

  it('finds no code in prose', () => {
    expect(extractCode('I cannot help with that.')).toBe('');
    expect(extractCode('')).toBe('');
  });
});
