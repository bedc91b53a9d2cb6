import type { Dispatcher } from 'undici';
import type { HttpClient, HttpRequest, HttpResponse } from '../dsl/context.js';
import { CheckFailure } from '../dsl/signals.js';
import { BaseUrl } from './base-url.js';
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
  const base = new BaseUrl(options.baseUrl);
  // Composed once per kind of request (with or without credentials, following redirects or not).
  const dispatchers: (Dispatcher | undefined)[] = [];
  const dispatcherFor = (credentials: boolean, redirects: boolean): Dispatcher => {
    const slot = (credentials ? 2 : 0) + (redirects ? 1 : 0);
    return (dispatchers[slot] ??= options.dispatcher({ credentials, redirects }));
  };
  const request = async (input: HttpRequest): Promise<HttpResponse> => {
    const method = (input.method ?? 'GET').toUpperCase();
    const url = base.resolve(input.url);
    const headers: Record<string, string> = { accept: 'application/fhir+json' };
    const given = input.headers ?? {};
    for (const name of Object.keys(given)) headers[name.toLowerCase()] = given[name] ?? '';
    let body = input.body;
    if (input.json !== undefined) {
      body = JSON.stringify(input.json);
      headers['content-type'] ??= 'application/fhir+json';
    }
    const dispatcher = dispatcherFor(input.auth !== false, input.redirect !== 'manual');
    const handler = new TextResponse();
    try {
      dispatcher.dispatch({ origin: url.origin, path: url.path, method, headers, body: body ?? null }, handler);
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
