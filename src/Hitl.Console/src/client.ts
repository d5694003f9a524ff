// The GraphQL client: queries and mutations over HTTP POST /graphql, subscriptions over the
// graphql-transport-ws WebSocket at /graphql. The token goes in the Authorization header and in
// the connection_init payload, never in a URL.
//
// Survives a server restart: graphql-ws retries forever and re-subscribes the active
// subscriptions; every reconnect after the first connection bumps a "generation" that pages
// watch (useRequery) to run their queries again, so state missed while away is fetched.

import { Client, type CombinedError, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export interface Generation {
  get(): number;
  subscribe(listener: () => void): () => void;
}

export interface HitlClient {
  client: Client;
  ws: WsClient;
  /** Bumped on every reconnect after the first connection. */
  generation: Generation;
  dispose(): void;
}

export interface HitlClientOptions {
  /** Current `Bearer <token>`, or null for public calls (startConversation, redeemInvite). */
  getAuthorization: () => string | null;
  /** Called when the server says UNAUTHENTICATED (expired or revoked token). */
  onUnauthenticated?: () => void;
  /** Base URL of the API; defaults to this page's origin. */
  origin?: string;
}

/** A generation counter: bumps on `connected` events after the first. Exported for tests. */
export function reconnectCounter() {
  let value = 0;
  let connectedBefore = false;
  const listeners = new Set<() => void>();
  return {
    generation: {
      get: () => value,
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } satisfies Generation,
    connected() {
      if (connectedBefore) {
        value += 1;
        for (const l of [...listeners]) l();
      }
      connectedBefore = true;
    },
  };
}

export function wsUrl(origin: string): string {
  const u = new URL('/graphql', origin);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

function isUnauthenticated(error: CombinedError): boolean {
  if (error.response && (error.response as Response).status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

export function createHitlClient(options: HitlClientOptions): HitlClient {
  const origin = options.origin ?? window.location.origin;
  const counter = reconnectCounter();

  const ws = createWsClient({
    url: wsUrl(origin),
    connectionParams: () => {
      const authorization = options.getAuthorization();
      return authorization ? { authorization } : {};
    },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: { connected: () => counter.connected() },
  });

  const client = new Client({
    url: new URL('/graphql', origin).toString(),
    fetchOptions: (): RequestInit => {
      const authorization = options.getAuthorization();
      const headers: Record<string, string> = {};
      if (authorization) headers.authorization = authorization;
      return { headers };
    },
    exchanges: [
      mapExchange({
        onError(error) {
          if (options.onUnauthenticated && isUnauthenticated(error)) options.onUnauthenticated();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    ws,
    generation: counter.generation,
    dispose: () => void ws.dispose(),
  };
}
