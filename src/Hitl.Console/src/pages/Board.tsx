import { ComingNext } from './ComingNext';

/** Placeholder until the page lands. */
export function Board() {
  return <ComingNext title="Board" />;
}
