import { ComingNext } from './ComingNext';

/** Placeholder until the page lands. */
export function Review() {
  return <ComingNext title="Review" />;
}
