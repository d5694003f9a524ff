import { useStaffSession } from '../session';
import { SettingsAgents } from './SettingsAgents';
import { SettingsInvites } from './SettingsInvites';
import { isManager } from './SettingsLogic';
import { SettingsPolicy } from './SettingsPolicy';
import './Settings.css';

export function Settings() {
  const session = useStaffSession();
  const role = session?.role;
  return (
    <div className="settings">
      <h1>Settings</h1>
      {isManager(role) ? (
        <>
          <section aria-labelledby="policy-title" className="card">
            <h2 id="policy-title">Escalation policy</h2>
            <SettingsPolicy />
          </section>
          <section aria-labelledby="agents-title" className="card">
            <h2 id="agents-title">Agents and queues</h2>
            <SettingsAgents />
          </section>
          <section aria-labelledby="invites-title" className="card">
            <h2 id="invites-title">Invites</h2>
            <SettingsInvites admin={role === 'ADMIN'} />
          </section>
        </>
      ) : (
        <p role="alert">Settings are for managers only. Ask a manager or an admin to change the policy or your queues.</p>
      )}
    </div>
  );
}
