/** A response of the service, buffered, as the request helpers for Slack and Lark return it. */
export interface ServiceResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

/** Reads the body once; `json()` fails with the status and the start of the body, not a bare SyntaxError. */
export async function bufferedResponse(url: string, response: Response): Promise<ServiceResponse> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json<T = unknown>(): T {
      if (text === '') throw new Error(`${url} answered ${response.status} with an empty body, not JSON`);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new Error(`${url} answered ${response.status} with non-JSON body: ${text.slice(0, 200)}`);
      }
    },
  };
}

/** The service's URL for a path, whatever slashes either side carries. */
export function serviceUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
