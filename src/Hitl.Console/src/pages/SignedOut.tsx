/** What a signed-out visitor sees: how to get a sign-in link (and why the last one failed, if it did). */
export function SignedOut({ problem }: { problem?: string }) {
  return (
    <main id="content" className="narrow" aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">Hitl console</h1>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <section className="card" aria-labelledby="signed-out-how">
        <p>You are not signed in. Staff sign in with a one-time link; there is no password.</p>
        <h2 id="signed-out-how">How to get a sign-in link</h2>
        <ul>
          <li>
            <strong>Ask an administrator</strong> of your tenant: they create an invite for you
            (your role and agent id) with the <code>createInvite</code> mutation and send you its
            link.
          </li>
          <li>
            <strong>Running the server yourself?</strong> A server started in embedded mode (
            <code>dotnet run --project src/Hitl.Api</code>) prints a fresh one-time administrator
            link for the demo tenant in its start banner (the line “Sign in: …”), at each start.
          </li>
        </ul>
        <p className="muted">
          A link works once and expires. Open it in this tab: the sign-in lasts for this tab only
          and ends when you close it or sign out.
        </p>
      </section>
    </main>
  );
}
