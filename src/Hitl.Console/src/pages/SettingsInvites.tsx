import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { errorText, formatExpiry } from './SettingsLogic';

const CreateInviteDocument = graphql(`
  mutation CreateInvite($input: InviteInput!) {
    createInvite(input: $input) { url expiresAt }
  }
`);

const ROLES: { value: Role; label: string; help: string }[] = [
  { value: 'AGENT', label: 'Agent', help: 'answers customers from granted queues' },
  { value: 'MANAGER', label: 'Manager', help: 'also sees the board, edits the policy and grants queues' },
  { value: 'ADMIN', label: 'Admin', help: 'also creates invites' },
];

export function SettingsInvites({ admin }: { admin: boolean }) {
  if (!admin) {
    return (
      <p>
        Only an admin creates invites: a one-time sign-in link for a new agent, manager or admin. Ask an admin of this
        tenant.
      </p>
    );
  }
  return <InviteForm />;
}

function InviteForm() {
  const [state, create] = useMutation(CreateInviteDocument);
  const [role, setRole] = useState<Role>('AGENT');
  const [subject, setSubject] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [invite, setInvite] = useState<{ url: string; expiresAt: string; who: string }>();
  const [copied, setCopied] = useState<string>();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setCopied(undefined);
    const r = await create({ input: { role, subject: subject.trim(), name: name.trim() || null } });
    if (r.error || !r.data) {
      setError(r.error ? errorText(r.error) : 'No answer from the server.');
      return;
    }
    setInvite({ ...r.data.createInvite, who: `${name.trim() || subject.trim()} (${role.toLowerCase()})` });
  };

  const copy = async () => {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite.url);
      setCopied('Link copied.');
    } catch {
      const input = document.getElementById('invite-link') as HTMLInputElement | null;
      input?.select();
      setCopied('Could not copy automatically: the link is selected, press Ctrl+C.');
    }
  };

  return (
    <>
      <form onSubmit={(e) => void onSubmit(e)} aria-labelledby="invites-title" noValidate>
        <fieldset disabled={state.fetching}>
          <legend>Role</legend>
          {ROLES.map((r) => (
            <label key={r.value} className="choice">
              <input type="radio" name="invite-role" value={r.value} checked={role === r.value} onChange={() => setRole(r.value)} />
              {r.label} <span className="help">({r.help})</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="invite-subject">Subject (user id)</label>
          <input
            id="invite-subject"
            value={subject}
            required
            autoComplete="off"
            aria-describedby="invite-subject-help"
            onChange={(e) => setSubject(e.target.value)}
          />
          <span id="invite-subject-help" className="help">
            The id the person signs in as, e.g. alice; an agent keeps its queues and history under it.
          </span>
        </div>
        <div className="field">
          <label htmlFor="invite-name">Display name</label>
          <input id="invite-name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />
          <span className="help">Optional; shown to colleagues (and customers see an agent’s name).</span>
        </div>
        <button type="submit" disabled={state.fetching}>
          Create invite link
        </button>
        {error ? (
          <p role="alert" className="form-error">
            No invite created. {error}
          </p>
        ) : null}
      </form>
      {invite ? (
        <div className="card invite-result" role="region" aria-label="Created invite">
          <p>
            One-time sign-in link for <strong>{invite.who}</strong>. It works <strong>once</strong> and expires{' '}
            {formatExpiry(invite.expiresAt)}. Send it privately; whoever opens it first signs in.
          </p>
          <div className="invite-link">
            <label htmlFor="invite-link">Invite link</label>
            <input id="invite-link" readOnly value={invite.url} onFocus={(e) => e.target.select()} />
            <button type="button" onClick={() => void copy()}>
              Copy link
            </button>
          </div>
          <p role="status">{copied ?? ''}</p>
        </div>
      ) : null}
    </>
  );
}
