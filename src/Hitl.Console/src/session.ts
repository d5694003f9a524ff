import { useMemo, useSyncExternalStore } from 'react';
import { STAFF_KEY, type StaffSession, getSession, onSessionChange } from './auth';

const subscribe = (listener: () => void) => onSessionChange(listener);
const snapshot = () => sessionStorage.getItem(STAFF_KEY);

/** The staff session of this tab, re-rendering on sign-in, refresh and sign-out. */
export function useStaffSession(): StaffSession | null {
  const raw = useSyncExternalStore(subscribe, snapshot, () => null);
  return useMemo(() => (raw ? getSession() : null), [raw]);
}
