// Opaque list cursors: the sort key (created_at, id) of the last item of a page. Keyset
// pagination stays correct while templates are created or deleted between pages, and costs
// one index range scan however deep the page.
import { describeValue, PlacardError } from '../../errors/placard-error.ts';

export interface CursorKey {
  createdAt: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return { createdAt: value[0] as string, id: value[1] as string };
    }
  } catch {
    // Falls through to the error below: the reason a cursor does not parse is not the user's concern.
  }
  throw new PlacardError(
    'VALIDATION_FAILED',
    `cursor is not one this API returned: pass next_cursor from the previous page unchanged; received ${describeValue(cursor)}`,
    { details: { field: 'cursor', received: describeValue(cursor) } },
  );
}
