import type { StaffRole } from '@storepay/payments-core';
import { can, type Permission } from '../session/roles';

/**
 * The sidebar, section by section. A page gets its entry here when its route exists in routes.tsx; an entry with
 * a permission shows only to roles that have it (the route checks the same permission).
 */
export interface NavItem {
  to: string;
  label: string;
  permission?: Permission;
}

export interface NavSection {
  label: string;
  items: readonly NavItem[];
}

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    label: 'Money',
    items: [
      { to: '/payments', label: 'Payments' },
      { to: '/authorizations', label: 'Authorisations' },
      { to: '/approvals', label: 'Approvals', permission: 'approveRefunds' },
    ],
  },
  {
    label: 'Risk',
    items: [
      { to: '/reviews', label: 'Reviews' },
      { to: '/disputes', label: 'Disputes' },
    ],
  },
  {
    label: 'Customers',
    items: [
      { to: '/customers', label: 'Customers' },
      { to: '/privacy', label: 'Privacy requests', permission: 'handlePrivacyRequests' },
    ],
  },
  {
    label: 'Operations',
    items: [{ to: '/webhooks', label: 'Webhooks' }],
  },
  {
    label: 'Store',
    items: [{ to: '/catalog', label: 'Catalog' }],
  },
  {
    label: 'Team',
    items: [
      { to: '/audit', label: 'Audit log', permission: 'readAudit' },
      { to: '/staff', label: 'Staff', permission: 'manageStaff' },
      { to: '/account', label: 'Your account' },
    ],
  },
];

/** The sections and entries a role may use (sections left empty disappear). */
export function navSectionsFor(role: StaffRole): NavSection[] {
  return NAV_SECTIONS.map((section) => ({
    ...section,
    items: section.items.filter((item) => !item.permission || can(role, item.permission)),
  })).filter((section) => section.items.length > 0);
}
