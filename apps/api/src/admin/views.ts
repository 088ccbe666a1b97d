import type { StaffMember } from '@storepay/db';
import type { StaffMemberView } from '@storepay/payments-core';

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

export const staffView = (member: StaffMember): StaffMemberView => ({
  id: member.id,
  email: member.email,
  name: member.name,
  role: member.role,
  active: member.active,
  lastLoginAt: iso(member.lastLoginAt),
  lockedUntil: member.lockedUntil && member.lockedUntil > new Date() ? member.lockedUntil.toISOString() : null,
  createdAt: member.createdAt.toISOString(),
});
