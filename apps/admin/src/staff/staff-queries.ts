import {
  sessionsEndedSchema,
  staffListSchema,
  staffMemberSchema,
  type CreateStaffRequest,
  type UpdateStaffRequest,
} from '@storepay/payments-core';
import { queryOptions } from '@tanstack/react-query';
import { getJson, sendJson } from '../api/api-client';

export const staffQueries = {
  all: () => ['staff'] as const,
  list: () =>
    queryOptions({
      queryKey: [...staffQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => getJson('/api/admin/staff', staffListSchema, { signal }),
    }),
};

export function createStaff(request: CreateStaffRequest) {
  return sendJson('POST', '/api/admin/staff', request, staffMemberSchema);
}

export function updateStaff(id: string, change: UpdateStaffRequest) {
  return sendJson('PATCH', `/api/admin/staff/${encodeURIComponent(id)}`, change, staffMemberSchema);
}

/** Ends the member's sessions; they must choose a new password at their next sign-in. */
export function forcePasswordReset(id: string) {
  return sendJson('POST', `/api/admin/staff/${encodeURIComponent(id)}/password-reset`, undefined, sessionsEndedSchema);
}

/** Lifts the sign-in throttle of the member's account, from every address. */
export function unlockStaff(id: string) {
  return sendJson('POST', `/api/admin/staff/${encodeURIComponent(id)}/unlock`, undefined, null);
}
