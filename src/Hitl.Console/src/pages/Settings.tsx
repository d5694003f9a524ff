import { ComingNext } from './ComingNext';

/** Placeholder until the page lands. */
export function Settings() {
  return <ComingNext title="Settings" />;
}
