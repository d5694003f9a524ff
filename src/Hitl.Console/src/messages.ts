// Message lists shared by the customer chat and the staff transcript: merged by id, shown oldest first.

/** Adds messages by id (a message seen twice is kept once, the newest copy wins); unchanged input is returned as is. */
export function mergeById<T extends { id: string }>(into: Record<string, T>, messages: readonly (T | null | undefined)[]): Record<string, T> {
  let next = into;
  for (const m of messages) {
    if (!m) continue;
    if (next === into) next = { ...into };
    next[m.id] = m;
  }
  return next;
}

/** Oldest first; ties broken by id so the order is stable. */
export function oldestFirst<T extends { id: string; at: string }>(byId: Record<string, T>): T[] {
  return Object.values(byId).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
