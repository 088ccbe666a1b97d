import type { StaffRole } from '@storepay/payments-core';

const RANK: Record<StaffRole, number> = { viewer: 0, support: 1, admin: 2 };

/** Whether a role is at least another (viewer < support < admin). */
export function hasRole(role: StaffRole, needed: StaffRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** What each role may do in the UI. The server checks every request anyway; this only hides what would fail. */
export const PERMISSIONS = {
  refund: 'support',
  /** Capture or release a payment's authorisation (manual capture). */
  decideAuthorizations: 'support',
  /** Approve or refuse a Radar review (a refusal refunds the payment in full as fraudulent). */
  decideReviews: 'support',
  /** Write a dispute's evidence draft, upload its documents, submit it to Stripe. */
  respondToDisputes: 'support',
  approveRefunds: 'admin',
  replayEvents: 'admin',
  resendNotifications: 'support',
  reconcile: 'admin',
  readAudit: 'admin',
  manageStaff: 'admin',
  /** Shoppers' emails whole (viewers see them masked, and find an account only by its whole email or an id). */
  seeCustomerEmails: 'support',
  /** A person's data on their request: export it, or erase it. */
  handlePrivacyRequests: 'admin',
  /** Create and edit products: texts, prices per currency, whether the shop sells them. */
  manageCatalog: 'admin',
} as const satisfies Record<string, StaffRole>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: StaffRole, permission: Permission): boolean {
  return hasRole(role, PERMISSIONS[permission]);
}
