/**
 * The sidebar, section by section. A page gets its entry here when its route exists in routes.tsx
 * (payments, webhooks and the audit log join as they are built).
 */
export interface NavItem {
  to: string;
  label: string;
}

export interface NavSection {
  label: string;
  items: readonly NavItem[];
}

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    label: 'Store',
    items: [{ to: '/catalog', label: 'Catalog' }],
  },
];
