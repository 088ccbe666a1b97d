import type { RouteObject } from 'react-router';
import { CatalogErrorBoundary, CatalogLoading, CatalogPage, catalogLoader } from '../catalog/catalog-page';
import { ProductErrorBoundary, ProductLoading, ProductPage, productLoader } from '../catalog/product-page';
import { NotFoundPage } from './not-found-page';
import { RootErrorBoundary } from './root-error-boundary';
import { RootLayout } from './root-layout';

/** The storefront's routes (react-router data mode); shared by the browser router and the tests. */
export const routes: RouteObject[] = [
  {
    id: 'root',
    Component: RootLayout,
    ErrorBoundary: RootErrorBoundary,
    children: [
      {
        index: true,
        loader: catalogLoader,
        Component: CatalogPage,
        HydrateFallback: CatalogLoading,
        ErrorBoundary: CatalogErrorBoundary,
      },
      {
        path: 'products/:slug',
        loader: productLoader,
        Component: ProductPage,
        HydrateFallback: ProductLoading,
        ErrorBoundary: ProductErrorBoundary,
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
