// A built-in HTMLPix starter: a public, read-only JSX template every account can list, read,
// fork (copy its code into POST /v1/templates) and mint URLs for.
export interface Starter {
  /** `starter:<slug>`: never collides with stored ids (`tpl_...`). */
  id: string;
  name: string;
  description: string;
  code: string;
}
