import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import { type AnyVariables, type CombinedError, type TypedDocumentNode, useClient } from 'urql';
import type { Generation } from './client';

const still: Generation = { get: () => 0, subscribe: () => () => {} };

export const GenerationContext = createContext<Generation>(still);

/** The client's reconnect generation: changes after each WebSocket reconnect. */
export function useGeneration(): number {
  const g = useContext(GenerationContext);
  return useSyncExternalStore(g.subscribe, g.get, g.get);
}

/** Runs `requery` after every reconnect (not on the first render). */
export function useRequery(requery: () => void): void {
  const generation = useGeneration();
  const first = useRef(generation);
  const latest = useRef(requery);
  latest.current = requery;
  useEffect(() => {
    if (generation !== first.current) latest.current();
  }, [generation]);
}

/**
 * Subscribes while mounted and hands every event to `onEvent` (no batching loses one), and an error that ends the
 * subscription (e.g. FORBIDDEN once the caller lost access) to `onError`.
 * Re-subscribes when the query or the variables change.
 */
export function useLiveSubscription<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onEvent: (data: Data) => void,
  pause = false,
  onError?: (error: CombinedError) => void,
): void {
  const client = useClient();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const errorHandler = useRef(onError);
  errorHandler.current = onError;
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (pause) return;
    const sub = client
      .subscription(query, JSON.parse(key) as Variables)
      .subscribe((result) => {
        if (result.data) handler.current(result.data);
        else if (result.error) errorHandler.current?.(result.error);
      });
    return () => sub.unsubscribe();
  }, [client, query, key, pause]);
}
