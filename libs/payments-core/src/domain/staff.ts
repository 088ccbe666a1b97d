/** Staff roles, least to most privileged: `viewer` reads, `support` refunds up to the threshold, `admin` everything. */
export const STAFF_ROLES = ['viewer', 'support', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const RANK: Record<StaffRole, number> = { viewer: 1, support: 2, admin: 3 };

/** Whether a member with `role` may do what needs `required`. */
export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return RANK[role] >= RANK[required];
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}
