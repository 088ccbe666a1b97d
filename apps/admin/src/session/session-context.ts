import type { AdminSession } from '@storepay/payments-core';
import { createContext, useContext } from 'react';
import { can, type Permission } from './roles';

export const SessionContext = createContext<AdminSession | null>(null);

/** The signed-in member's session; only inside the session guard. */
export function useSession(): AdminSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() is only available inside the signed-in area');
  return session;
}

/** Whether the signed-in member's role allows something (to hide buttons; the server enforces it anyway). */
export function useCan(permission: Permission): boolean {
  return can(useSession().staff.role, permission);
}
