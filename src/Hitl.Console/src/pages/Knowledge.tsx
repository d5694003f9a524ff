import { ComingNext } from './ComingNext';

/** Placeholder until the page lands. */
export function Knowledge() {
  return <ComingNext title="Knowledge" />;
}
