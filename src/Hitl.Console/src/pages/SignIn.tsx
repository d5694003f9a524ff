import { useEffect, useMemo, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { type AccessTokenResult, storeToken } from '../auth';
import type { CombinedError } from 'urql';
import { createHitlClient } from '../client';
import { RedeemInviteDocument } from '../operations';
import { useStaffSession } from '../session';
import { SignedOut } from './SignedOut';

/** The server's reason, with its code: "BAD_USER_INPUT: The invite is not valid". */
export function signInError(error: CombinedError): string {
  const g = error.graphQLErrors[0];
  if (g) {
    const code = g.extensions?.code;
    return typeof code === 'string' ? `${code}: ${g.message}` : g.message;
  }
  if (error.networkError) return 'The server could not be reached.';
  return error.message.replace(/^\[\w+\]\s*/, '');
}

// A code is one-time: redeem each code once even if the effect runs twice (StrictMode).
const redeeming = new Map<string, Promise<AccessTokenResult>>();

function redeem(code: string): Promise<AccessTokenResult> {
  let p = redeeming.get(code);
  if (!p) {
    const { client, dispose } = createHitlClient({ getAuthorization: () => null });
    p = client
      .mutation(RedeemInviteDocument, { code })
      .toPromise()
      .then((r) => {
        if (r.error) throw new Error(signInError(r.error));
        if (!r.data) throw new Error('No answer from the server.');
        return r.data.redeemInvite;
      })
      .finally(dispose);
    redeeming.set(code, p);
  }
  return p;
}

export function SignIn() {
  const [params] = useSearchParams();
  const code = useMemo(() => params.get('code'), [params]);
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string>();
  const session = useStaffSession();

  useEffect(() => {
    if (!code) return;
    let live = true;
    redeem(code).then(
      (token) => {
        storeToken(token);
        // Replace the history entry: the code leaves the address bar.
        if (live) navigate('/inbox', { replace: true });
      },
      (e: unknown) => {
        if (live)
          setProblem(
            `This sign-in link did not work. The server said: ${e instanceof Error ? e.message : String(e)} ` +
              'Links work once and expire; get a new one as described below.',
          );
      },
    );
    return () => {
      live = false;
    };
  }, [code, navigate]);

  if (!code && session) return <Navigate to="/inbox" replace />;
  if (code && !problem) {
    return (
      <main id="content" className="narrow">
        <p role="status">Signing in…</p>
      </main>
    );
  }
  return <SignedOut problem={problem} />;
}
