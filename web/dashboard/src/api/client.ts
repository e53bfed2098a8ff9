/** One invalid field of a 400 (src/admin/http/admin-validation.pipe.ts). */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** A refused admin API request, with what the API said and what the operator can do. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The next step for the operator, for the refusals they can act on. */
  get advice(): string | undefined {
    switch (this.status) {
      case 401:
        return 'Your token is missing, expired or not from the issuer this server trusts: sign in again.';
      case 403:
        return 'Your token lacks the role this page needs (admin; approver for approvals): ask for a token with it.';
      case 412:
        return 'Someone changed this item since you loaded it: reload and apply your change again.';
      default:
        return undefined;
    }
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * The admin REST API under `/admin/api`, with the bearer token; nothing else is called. Every
 * non-2xx answer becomes an {@link ApiError} carrying the API's own message.
 */
export class AdminApi {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  /** With `revision`, sent as `If-Match` (RFC 9110 §13.1.1): a removal of a changed item is refused (412). */
  delete<T>(path: string, revision?: number): Promise<T> {
    return this.request<T>('DELETE', path, undefined, revision);
  }

  /** A non-JSON body (the audit export's JSON lines), as a Blob to save. */
  async download(path: string): Promise<Blob> {
    const response = await this.send('GET', path);
    if (response.ok) return response.blob();
    throw await this.refusal(response);
  }

  private async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    revision?: number,
  ): Promise<T> {
    const response = await this.send(method, path, body, revision);
    if (!response.ok) throw await this.refusal(response);
    // A 204 (a removal) has no body to parse.
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private send(method: Method, path: string, body?: unknown, revision?: number): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (revision !== undefined) headers['If-Match'] = `"${revision}"`;
    return fetch(`/admin/api${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
  }

  private async refusal(response: Response): Promise<ApiError> {
    if (response.status === 401) this.onUnauthorized();
    const payload: unknown = await response.json().catch(() => undefined);
    return errorOf(response.status, payload);
  }
}

export function errorOf(status: number, payload: unknown): ApiError {
  const body = (typeof payload === 'object' && payload !== null ? payload : {}) as {
    message?: unknown;
    fieldErrors?: unknown;
    error?: unknown;
  };
  const message =
    typeof body.message === 'string'
      ? body.message
      : typeof body.error === 'object' && body.error !== null && 'message' in body.error
        ? String(body.error.message)
        : `HTTP ${status}`;
  const fieldErrors = Array.isArray(body.fieldErrors) ? (body.fieldErrors as FieldError[]) : [];
  return new ApiError(status, message, fieldErrors);
}

/** `?a=1&b=x` of the defined values, for list filters. */
export function queryOf(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
