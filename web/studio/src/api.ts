// The Studio's only way to the server: the public /v1 API with the user's key in a header
// (never in a URL). Errors come back as ApiError with the envelope's stable code and message.
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Api {
  json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  /** POST /v1/render; resolves the raw reply (image bytes and headers) when it is a 2xx. */
  render(body: unknown, signal?: AbortSignal): Promise<Response>;
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) return new ApiError(body.error.code, body.error.message ?? '', res.status);
  } catch {
    // Not the envelope (a proxy's page, say): fall through to the status line.
  }
  return new ApiError(
    `HTTP_${res.status}`,
    res.statusText || 'The server answered with an error.',
    res.status,
  );
}

export function createApi(key: () => string | null, onUnauthorized: () => void): Api {
  async function call(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${key() ?? ''}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (res.ok) return res;
    const error = await errorOf(res);
    if (res.status === 401) onUnauthorized();
    throw error;
  }
  return {
    async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal) {
      const res = await call(method, path, body, signal);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    render: (body, signal) => call('POST', '/v1/render', body, signal),
  };
}
