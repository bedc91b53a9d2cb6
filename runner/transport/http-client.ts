import type { Dispatcher } from 'undici';
import type { HttpClient, HttpRequest, HttpResponse } from '../dsl/context.js';
import { CheckFailure } from '../dsl/signals.js';
import type { DispatcherChoice } from './transport.js';
import { TextResponse } from './text-response.js';
import { classify } from './transport-error.js';

export interface HttpClientOptions {
  /** Ends with `/`; relative URLs resolve against it. */
  readonly baseUrl: string;
  /** Dispatchers of the test's scope, which also carries the test's abort signal. */
  readonly dispatcher: (choice: DispatcherChoice) => Dispatcher;
}

/** `ctx.http`: raw HTTP through the recording transport. FHIR JSON is what it asks for unless told otherwise. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  // Composed once per kind of request, not once per request.
  const dispatchers = new Map<string, Dispatcher>();
  const dispatcherFor = (choice: Required<DispatcherChoice>): Dispatcher => {
    const key = `${choice.credentials}/${choice.redirects}`;
    let dispatcher = dispatchers.get(key);
    if (dispatcher === undefined) {
      dispatcher = options.dispatcher(choice);
      dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  };
  const request = async (input: HttpRequest): Promise<HttpResponse> => {
    const method = (input.method ?? 'GET').toUpperCase();
    const url = new URL(input.url, options.baseUrl);
    const headers: Record<string, string> = { accept: 'application/fhir+json' };
    for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
    let body = input.body;
    if (input.json !== undefined) {
      body = JSON.stringify(input.json);
      headers['content-type'] ??= 'application/fhir+json';
    }
    const dispatcher = dispatcherFor({ credentials: input.auth !== false, redirects: input.redirect !== 'manual' });
    const handler = new TextResponse();
    try {
      dispatcher.dispatch({ origin: url.origin, path: `${url.pathname}${url.search}`, method, headers, body: body ?? null }, handler);
    } catch (error) {
      handler.fail(error);
    }
    try {
      const { status, headers: received, text, context } = await handler.done;
      return respond(method, status, received, text, { url: context?.url ?? url.href, exchangeId: context?.exchangeId ?? '' });
    } catch (error) {
      throw classify(error, method, url.href);
    }
  };
  const verb =
    (method: string) =>
    (url: string, rest: Omit<HttpRequest, 'url' | 'method'> = {}): Promise<HttpResponse> =>
      request({ ...rest, url, method });
  return { request, get: verb('GET'), post: verb('POST'), put: verb('PUT'), delete: verb('DELETE') };
}

function respond(
  method: string,
  status: number,
  headers: Record<string, string>,
  text: string,
  where: { url: string; exchangeId: string },
): HttpResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    text,
    url: where.url,
    exchangeId: where.exchangeId,
    json() {
      if (parsed === undefined) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch (error) {
          throw new CheckFailure(
            `the response to ${method} ${where.url} is not JSON (${(error as Error).message}) [${where.exchangeId}]`,
          );
        }
      }
      return parsed.value;
    },
  };
}
