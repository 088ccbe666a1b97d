import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from './not-found-page';
import { PageLoading } from './page-states';
import { RootLayout } from './root-layout';

// Every page is its own chunk (React.lazy), loaded when its path is first visited: the initial bundle holds React,
// the router (declarative mode: its data router alone would take a third of the 100 kB budget), the layout and the
// cart, and Stripe.js' libraries load with the checkout page alone. Pages load their own data (see useResource).

const CatalogPage = lazy(() => import('../catalog/catalog-page').then((page) => ({ default: page.CatalogPage })));
const ProductPage = lazy(() => import('../catalog/product-page').then((page) => ({ default: page.ProductPage })));
const CartPage = lazy(() => import('../cart/cart-page').then((page) => ({ default: page.CartPage })));
const CheckoutPage = lazy(() => import('../checkout/checkout-page').then((page) => ({ default: page.CheckoutPage })));
const OrderPage = lazy(() => import('../orders/order-page').then((page) => ({ default: page.OrderPage })));

/** A lazily loaded page, with the loading state it shows while its code (and then its data) arrives. */
function page(Page: LazyExoticComponent<ComponentType>, loadingLabel: string) {
  return (
    <Suspense fallback={<PageLoading label={loadingLabel} />}>
      <Page />
    </Suspense>
  );
}

/** The storefront's routes; rendered by the browser router (main.tsx) and by the tests (in a memory router). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<RootLayout />}>
        <Route index element={page(CatalogPage, 'Loading products…')} />
        <Route path="products/:slug" element={page(ProductPage, 'Loading product…')} />
        <Route path="cart" element={page(CartPage, 'Loading your cart…')} />
        <Route path="checkout" element={page(CheckoutPage, 'Loading checkout…')} />
        <Route path="orders/:id" element={page(OrderPage, 'Loading your order…')} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
