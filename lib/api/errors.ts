/** Typed failure of an API-response parser (lib/api). Pure: usable in the MV3 service worker. */
export type ApiSource = 'arxiv-atom' | 'huggingface' | 'openreview';

export class ApiResponseError extends Error {
  constructor(
    readonly source: ApiSource,
    detail: string,
  ) {
    super(`Unexpected ${source} API response: ${detail}`);
    this.name = 'ApiResponseError';
  }
}

/** JSON.parse that throws ApiResponseError instead of SyntaxError; objects pass through. */
export function parseJsonBody(source: ApiSource, body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new ApiResponseError(source, `not JSON (${(e as Error).message})`);
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const collapseWs = (s: string): string => s.replace(/\s+/g, ' ').trim();
