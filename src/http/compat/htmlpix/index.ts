// The HTMLPix compat dialect: mount with app.register(htmlpixDialect(deps), { prefix: '/compat/htmlpix' }).
export { htmlpixDialect, type HtmlpixDeps } from './plugin.ts';
export { htmlpixError, type HtmlpixError } from './errors.ts';
export { starters, type Starter } from './starters/index.ts';
