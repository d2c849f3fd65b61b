// The bad-input classes every render surface must answer with a 4xx over a real socket, as
// native render bodies. Dialect suites translate them into their own fields.

/** An image on a loopback address: the guarded fetcher refuses it before connecting. */
export const REFUSED_IMAGE = 'http://127.0.0.1:9/x.png';

export const bad = {
  noSource: {},
  noSourceWidthOnly: { width: 100 },
  handlebarsSyntax: { html: '<div>{{#if}}</div>' },
  unknownVariable: { html: '<div>{{title}}</div>', variables: { titel: 'x' } },
  unknownPresetVariable: { preset: 'default', variables: { title: 'x', nope: 'x' } },
  widthOutOfRange: { html: '<div>x</div>', width: 99_999 },
  unknownFormat: { html: '<div>x</div>', format: 'gif' },
  refusedImage: {
    html: `<img src="${REFUSED_IMAGE}" style="width:10px;height:10px">`,
    width: 20,
    height: 20,
  },
  jsxSyntax: { jsx: 'export default function T() { return <div>; }' },
  jsxThrows: { jsx: 'export default function T() { throw new Error("boom"); }' },
  jsxLoops: { jsx: 'export default function T() { for (;;) {} }' },
  unknownTemplate: { template_id: 'tpl_doesnotexist' },
} as const;

/** JSX sources that compile but fail when run; stored as templates to reach every surface. */
export const brokenJsx = {
  throws: 'export default function T({ title = "x" }) { if (title) throw new Error("boom"); return <div/>; }',
  loops: 'export default function T({ title = "x" }) { while (title) {} return <div/>; }',
};

/** Not JSON at all, though labelled so. */
export const MALFORMED_JSON = '{"html": "<div>';

/** Config for every suite: a small body limit so "too large" is cheap, a short JSX limit. */
export const suiteConfig = { bodyLimitBytes: 16_384, jsxTimeoutMs: 300 };

/** A body past suiteConfig.bodyLimitBytes that is still valid JSON. */
export const tooLarge = () => JSON.stringify({ html: `<div>${'x'.repeat(20_000)}</div>` });
