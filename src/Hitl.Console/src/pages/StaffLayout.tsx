import { useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { Provider } from 'urql';
import { getAuthorization, signOut, startRefresher } from '../auth';
import { type HitlClient, createHitlClient } from '../client';
import { GenerationContext } from '../live';
import { RefreshTokenDocument } from '../operations';
import { useStaffSession } from '../session';
import { SignedOut } from './SignedOut';

/** Staff pages: needs a session; owns the staff client and the token refresher. */
export function StaffLayout() {
  const session = useStaffSession();
  const who = session ? `${session.tenant}/${session.subject}` : null;

  // One client per signed-in subject: a refreshed token is picked up by the next request and
  // the next connection_init without tearing down live subscriptions.
  // Created in an effect so that StrictMode's mount/unmount/mount never leaves a disposed client.
  const [hitl, setHitl] = useState<HitlClient | null>(null);
  useEffect(() => {
    if (!who) {
      setHitl(null);
      return;
    }
    const h = createHitlClient({ getAuthorization, onUnauthenticated: signOut });
    setHitl(h);
    return () => h.dispose();
  }, [who]);

  useEffect(() => {
    if (!hitl) return;
    return startRefresher(async () => {
      const r = await hitl.client.mutation(RefreshTokenDocument, {}).toPromise();
      if (r.error || !r.data) throw new Error(r.error?.message ?? 'refresh failed');
      return r.data.refreshToken;
    });
  }, [hitl]);

  if (!session) return <SignedOut />;
  if (!hitl) return <p role="status">Connecting…</p>;

  return (
    <Provider value={hitl.client}>
      <GenerationContext.Provider value={hitl.generation}>
        <header className="top">
          <nav aria-label="Console">
            <NavLink to="/inbox">Inbox</NavLink>
            <NavLink to="/review">Review</NavLink>
            <NavLink to="/board">Board</NavLink>
            <NavLink to="/knowledge">Knowledge</NavLink>
            <NavLink to="/settings">Settings</NavLink>
          </nav>
          <span className="who">
            {session.subject} ({session.role.toLowerCase()}, {session.tenant})
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </header>
        <main>
          <Outlet />
        </main>
      </GenerationContext.Provider>
    </Provider>
  );
}
