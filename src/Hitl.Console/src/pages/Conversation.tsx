import { ComingNext } from './ComingNext';

/** Placeholder until the page lands. */
export function Conversation() {
  return <ComingNext title="Conversation" />;
}
