import { Navigate, type RouteObject } from 'react-router';
import { CatalogPage } from '../catalog/catalog-page';
import { AdminLayout } from './admin-layout';
import { NotFoundPage } from './not-found-page';
import { RootErrorBoundary } from './root-error-boundary';

/**
 * The admin's routes (react-router data mode), shared by the browser router and the tests.
 * Each area is a child of the layout; add its sidebar entry in navigation.ts alongside.
 */
export const routes: RouteObject[] = [
  {
    id: 'root',
    Component: AdminLayout,
    ErrorBoundary: RootErrorBoundary,
    children: [
      { index: true, element: <Navigate to="/catalog" replace /> },
      { path: 'catalog', Component: CatalogPage },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
