// Routes of the single-page app and the guard that sends logged-out users to /login.
// Pages load lazily so the first screen (login) stays light.
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useAuth } from './auth';
import { screenRole } from './access';
import { t } from './i18n';
import AppLayout from './components/AppLayout';
import LoginPage from './pages/Login';

const Board = lazy(() => import('./pages/Board'));
const Products = lazy(() => import('./pages/Products'));
const ProductDetail = lazy(() => import('./pages/ProductDetail'));
const Movements = lazy(() => import('./pages/Movements'));
const Suppliers = lazy(() => import('./pages/Suppliers'));
const Events = lazy(() => import('./pages/Events'));
const PurchaseOrders = lazy(() => import('./pages/PurchaseOrders'));
const PurchaseOrderDetail = lazy(() => import('./pages/PurchaseOrderDetail'));
const SuggestedOrders = lazy(() => import('./pages/SuggestedOrders'));
const Templates = lazy(() => import('./pages/Templates'));
const Imports = lazy(() => import('./pages/Imports'));
const SalesHistory = lazy(() => import('./pages/SalesHistory'));
const Members = lazy(() => import('./pages/Members'));
const Audit = lazy(() => import('./pages/Audit'));
const Account = lazy(() => import('./pages/Account'));
const OrgSettings = lazy(() => import('./pages/OrgSettings'));
const Alerts = lazy(() => import('./pages/Alerts'));
const ForecastRuns = lazy(() => import('./pages/ForecastRuns'));
const SalesReport = lazy(() => import('./pages/SalesReport'));
const ForecastAccuracy = lazy(() => import('./pages/ForecastAccuracy'));
const ActualVsForecast = lazy(() => import('./pages/ActualVsForecast'));
const Simulation = lazy(() => import('./pages/Simulation'));

function Loading() {
  return <div style={{ display: 'grid', placeItems: 'center', height: '60vh' }}><Spin size="large" /></div>;
}

/** A screen the member's role may use (access.ts), or a 403 page naming the role. */
function Need({ path, children }: { path: string; children: ReactNode }) {
  const { can } = useAuth();
  const role = screenRole(path);
  if (!can(role)) {
    return <div data-testid="forbidden"><Result status="403" title="403" subTitle={t.errors.forbiddenScreen(t.role[role], role === 'master')} /></div>;
  }
  return <>{children}</>;
}

// Every screen, with the path whose least role guards it.
const SCREENS: [string, ReactNode][] = [
  ['/', <Board />],
  ['/products', <Products />],
  ['/products/:sku', <ProductDetail />],
  ['/movements', <Movements />],
  ['/suppliers', <Suppliers />],
  ['/events', <Events />],
  ['/purchase-orders', <PurchaseOrders />],
  ['/purchase-orders/suggested', <SuggestedOrders />],
  ['/purchase-orders/:id', <PurchaseOrderDetail />],
  ['/alerts', <Alerts />],
  ['/forecasts', <ForecastRuns />],
  ['/reports/accuracy', <ForecastAccuracy />],
  ['/reports/actual-vs-forecast', <ActualVsForecast />],
  ['/simulation', <Simulation />],
  ['/templates', <Templates />],
  ['/imports', <Imports />],
  ['/imports/:id', <Imports />],
  ['/sales-history', <SalesHistory />],
  ['/reports/sales', <SalesReport />],
  ['/members', <Members />],
  ['/audit', <Audit />],
  ['/settings', <OrgSettings />],
  ['/account', <Account />],
];

export default function App() {
  const { user, ready } = useAuth();
  const loc = useLocation();
  if (!ready) return <Loading />;
  if (!user) {
    if (loc.pathname !== '/login') {
      const next = loc.pathname + loc.search;
      return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
    }
    return <LoginPage />;
  }
  return (
    <AppLayout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/login" element={<LoginRedirect />} />
          {SCREENS.map(([path, el]) => <Route key={path} path={path} element={<Need path={path}>{el}</Need>} />)}
          <Route path="*" element={<Result status="404" title="404" subTitle={t.errors.notFound} />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

function LoginRedirect() {
  const loc = useLocation();
  const next = new URLSearchParams(loc.search).get('next');
  return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
}
