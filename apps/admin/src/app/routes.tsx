import { Navigate, type RouteObject } from 'react-router';
import { AuditPage } from '../audit/audit-page';
import { AuthorizationsPage } from '../authorizations/authorizations-page';
import { CatalogPage } from '../catalog/catalog-page';
import { CustomerPage } from '../customers/customer-page';
import { CustomersPage } from '../customers/customers-page';
import { DisputePage } from '../disputes/dispute-page';
import { DisputesPage } from '../disputes/disputes-page';
import { AccountPage } from '../session/account-page';
import { PaymentPage } from '../payments/payment-page';
import { PaymentsPage } from '../payments/payments-page';
import { PrivacyPage } from '../privacy/privacy-page';
import { ApprovalsPage } from '../refunds/approvals-page';
import { ReviewsPage } from '../reviews/reviews-page';
import { SignInPage } from '../session/sign-in-page';
import { SignedInArea } from '../session/signed-in-area';
import { StaffPage } from '../staff/staff-page';
import { WebhooksPage } from '../webhooks/webhooks-page';
import { NotFoundPage } from './not-found-page';
import { RequirePermission } from './require-permission';
import { RootErrorBoundary } from './root-error-boundary';

/**
 * The admin's routes (react-router data mode), shared by the browser router and the tests. Everything but the
 * sign-in page sits behind the session guard (SignedInArea), which renders the layout; pages that need more than
 * the viewer role check it with RequirePermission. Add each page's sidebar entry in navigation.ts alongside.
 */
export const routes: RouteObject[] = [
  { path: 'sign-in', Component: SignInPage, ErrorBoundary: RootErrorBoundary },
  {
    id: 'root',
    Component: SignedInArea,
    ErrorBoundary: RootErrorBoundary,
    children: [
      { index: true, element: <Navigate to="/catalog" replace /> },
      { path: 'catalog', Component: CatalogPage },
      { path: 'payments', Component: PaymentsPage },
      { path: 'payments/:orderId', Component: PaymentPage },
      { path: 'authorizations', Component: AuthorizationsPage },
      { path: 'reviews', Component: ReviewsPage },
      { path: 'disputes', Component: DisputesPage },
      { path: 'disputes/:disputeId', Component: DisputePage },
      {
        path: 'approvals',
        element: (
          <RequirePermission permission="approveRefunds">
            <ApprovalsPage />
          </RequirePermission>
        ),
      },
      { path: 'customers', Component: CustomersPage },
      { path: 'customers/:customerId', Component: CustomerPage },
      {
        path: 'privacy',
        element: (
          <RequirePermission permission="handlePrivacyRequests">
            <PrivacyPage />
          </RequirePermission>
        ),
      },
      { path: 'webhooks', Component: WebhooksPage },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="readAudit">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'staff',
        element: (
          <RequirePermission permission="manageStaff">
            <StaffPage />
          </RequirePermission>
        ),
      },
      { path: 'account', Component: AccountPage },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
