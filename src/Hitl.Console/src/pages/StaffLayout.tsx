import { type MouseEvent, useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { Provider, useQuery } from 'urql';
import { type StaffSession, getAuthorization, signOut, startRefresher } from '../auth';
import { type HitlClient, createHitlClient } from '../client';
import { graphql } from '../gql';
import { GenerationContext } from '../live';
import { RefreshTokenDocument } from '../operations';
import { useStaffSession } from '../session';
import { displayName, navFor, roleLabel } from './LayoutLogic';
import { SignedOut } from './SignedOut';
import './Layout.css';

const LayoutMeDocument = graphql(`
  query LayoutMe {
    me { id name }
  }
`);

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
        <StaffHeader session={session} />
        <main id="content" tabIndex={-1}>
          <Outlet />
        </main>
      </GenerationContext.Provider>
    </Provider>
  );
}

function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById('content');
  if (!main) return;
  e.preventDefault();
  main.focus();
  main.scrollIntoView();
}

function StaffHeader({ session }: { session: StaffSession }) {
  const [me] = useQuery({ query: LayoutMeDocument });
  const name = displayName(me.data?.me?.name, session.token, session.subject);
  const items = navFor(session.role);

  return (
    <>
      <a className="skip-link" href="#content" onClick={skipToContent}>
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Hitl</span>
        <nav aria-label="Console">
          <ul>
            {items.map((i) => (
              <li key={i.to}>
                <NavLink to={i.to}>{i.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <p className="who">
          <span className="sr-only">Signed in as </span>
          <span className="name">{name}</span>{' '}
          <span className="meta">
            <span className="badge layout-role">{roleLabel(session.role)}</span> · {session.tenant}
          </span>
        </p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
    </>
  );
}
