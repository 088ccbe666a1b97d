import { useStore } from '@nanostores/react';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from './not-found-page';
import { messages, PageLoading } from './page-states';
import { RootLayout } from './root-layout';

// Every page is its own chunk (React.lazy), loaded when its path is first visited: the initial bundle holds React,
// the router (declarative mode: its data router alone would take a third of the 100 kB budget), the layout and the
// cart, and Stripe.js' libraries load with the checkout page alone. Pages load their own data (see useResource).

const CatalogPage = lazy(() => import('../catalog/catalog-page').then((page) => ({ default: page.CatalogPage })));
const ProductPage = lazy(() => import('../catalog/product-page').then((page) => ({ default: page.ProductPage })));
const CartPage = lazy(() => import('../cart/cart-page').then((page) => ({ default: page.CartPage })));
const CheckoutPage = lazy(() => import('../checkout/checkout-page').then((page) => ({ default: page.CheckoutPage })));
const SignInPage = lazy(() => import('../account/sign-in-page').then((page) => ({ default: page.SignInPage })));
const AccountPage = lazy(() => import('../account/account-page').then((page) => ({ default: page.AccountPage })));
const AccountDeletedPage = lazy(() =>
  import('../account/account-page').then((page) => ({ default: page.AccountDeletedPage })),
);
const OrderPage = lazy(() => import('../orders/order-page').then((page) => ({ default: page.OrderPage })));

type LoadingKey =
  'loadingProducts' | 'loadingProduct' | 'loadingCart' | 'loadingCheckout' | 'loadingOrder' | 'loadingAccount';

/** A lazily loaded page, with the loading state it shows while its code (and then its data) arrives. */
function LazyPage({ page: Page, loading }: { page: LazyExoticComponent<ComponentType>; loading: LoadingKey }) {
  const t = useStore(messages);
  return (
    <Suspense fallback={<PageLoading label={t[loading]} />}>
      <Page />
    </Suspense>
  );
}

/** The storefront's routes; rendered by the browser router (main.tsx) and by the tests (in a memory router). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<RootLayout />}>
        <Route index element={<LazyPage page={CatalogPage} loading="loadingProducts" />} />
        <Route path="products/:slug" element={<LazyPage page={ProductPage} loading="loadingProduct" />} />
        <Route path="cart" element={<LazyPage page={CartPage} loading="loadingCart" />} />
        <Route path="checkout" element={<LazyPage page={CheckoutPage} loading="loadingCheckout" />} />
        <Route path="orders/:id" element={<LazyPage page={OrderPage} loading="loadingOrder" />} />
        <Route path="account" element={<LazyPage page={AccountPage} loading="loadingAccount" />} />
        <Route path="account/sign-in" element={<LazyPage page={SignInPage} loading="loadingAccount" />} />
        <Route path="account/deleted" element={<LazyPage page={AccountDeletedPage} loading="loadingAccount" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
