/** What a signed-out visitor sees: how to get a sign-in link. */
export function SignedOut({ problem }: { problem?: string }) {
  return (
    <main className="narrow" aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">Hitl console</h1>
      {problem ? <p role="alert">{problem}</p> : null}
      <p>You are not signed in. Staff sign in with a one-time invite link:</p>
      <ul>
        <li>
          An administrator creates one with the <code>createInvite</code> mutation (role and your
          agent id) and sends you the link.
        </li>
        <li>
          A server started in embedded mode (<code>dotnet run --project src/Hitl.Api</code>) prints
          a fresh administrator link for the demo tenant in its start banner.
        </li>
      </ul>
      <p>Open the link in this tab. The sign-in lasts for this tab only.</p>
    </main>
  );
}
