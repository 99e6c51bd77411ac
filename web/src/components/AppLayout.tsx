// The app frame: dark sider with the navigation on desktop, a drawer menu on phones,
// and a header with the member's name, role and the account menu.
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Button, Drawer, Dropdown, Grid, Input, Layout, Menu, Tag, type MenuProps } from 'antd';
import {
  AimOutlined, AppstoreOutlined, AuditOutlined, BarChartOutlined, DashboardOutlined, DotChartOutlined, ExperimentOutlined, BellOutlined, FundOutlined, BulbOutlined, CalendarOutlined, CloudUploadOutlined, FileExcelOutlined, HistoryOutlined,
  LineChartOutlined, LogoutOutlined, MenuOutlined, SettingOutlined, ShopOutlined, ShoppingCartOutlined, SwapOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import { useAuth } from '../auth';
import { useOrg } from '../org';
import { screenRole } from '../access';
import { t } from '../i18n';
import AlertBell from './AlertBell';

const { Sider, Header, Content } = Layout;

type Entry = { key: string; icon: ReactNode; label: string };

// The menu: only the screens the member's role can use (access.ts), a group only when
// something is left in it.
function useMenuItems(): MenuProps['items'] {
  const { can } = useAuth();
  const groups: { key: string; label: string; children: Entry[] }[] = [
    { key: 'g-inv', label: t.nav.inventory, children: [
      { key: '/', icon: <DashboardOutlined />, label: t.board.nav },
      { key: '/products', icon: <AppstoreOutlined />, label: t.nav.products },
      { key: '/alerts', icon: <BellOutlined />, label: t.nav.alerts },
      { key: '/forecasts', icon: <FundOutlined />, label: t.nav.forecasts },
      { key: '/movements', icon: <SwapOutlined />, label: t.nav.movements },
      // Every member reads the orders; staff receive them, managers write them.
      { key: '/purchase-orders', icon: <ShoppingCartOutlined />, label: t.nav.purchaseOrders },
      { key: '/purchase-orders/suggested', icon: <BulbOutlined />, label: t.nav.suggested },
      { key: '/suppliers', icon: <ShopOutlined />, label: t.nav.suppliers },
      { key: '/events', icon: <CalendarOutlined />, label: t.nav.events },
    ] },
    { key: 'g-reports', label: t.salesReport.group, children: [
      { key: '/reports/sales', icon: <BarChartOutlined />, label: t.salesReport.nav },
      { key: '/reports/accuracy', icon: <AimOutlined />, label: t.accuracy.navAccuracy },
      { key: '/reports/actual-vs-forecast', icon: <DotChartOutlined />, label: t.accuracy.navAvf },
      { key: '/simulation', icon: <ExperimentOutlined />, label: t.sim.nav },
    ] },
    { key: 'g-xl', label: t.nav.excel, children: [
      { key: '/templates', icon: <FileExcelOutlined />, label: t.nav.templates },
      { key: '/imports', icon: <CloudUploadOutlined />, label: t.nav.imports },
      { key: '/sales-history', icon: <LineChartOutlined />, label: t.nav.salesHistory },
    ] },
    { key: 'g-admin', label: t.nav.admin, children: [
      { key: '/members', icon: <TeamOutlined />, label: t.nav.members },
      { key: '/audit', icon: <AuditOutlined />, label: t.nav.audit },
      { key: '/settings', icon: <SettingOutlined />, label: t.nav.settings },
    ] },
  ];
  return groups
    .map((g) => ({ type: 'group' as const, key: g.key, label: g.label, children: g.children.filter((e) => can(screenRole(e.key))) }))
    .filter((g) => g.children.length > 0);
}

/** The menu entry of a path: a screen listed by its whole path, else by its first segment
 *  ('/' is the home board). */
function screenKey(path: string): string {
  if (path.startsWith('/reports/')) return path; // each report is its own entry
  return path === '/purchase-orders/suggested' ? path : '/' + (path.split('/')[1] || '');
}

function Brand() {
  const { org } = useOrg();
  // The shop's own name under the logo tells a member with several shops where they are.
  return (
    <div className="brand">
      <span className="brand-mark">재</span>
      <span style={{ minWidth: 0 }}>jaego<small className="brand-org" data-testid="org-name" title={org?.name}>{org?.name || t.app.short}</small></span>
    </div>
  );
}

export default function AppLayout({ children }: { children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [open, setOpen] = useState(false);
  const nav = useNavigate();
  const loc = useLocation();
  const { user, logout } = useAuth();
  const { org } = useOrg();
  const items = useMenuItems();
  const selected = screenKey(loc.pathname);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={(e) => { nav(e.key); setOpen(false); }}
      style={{ borderInlineEnd: 0 }}
      data-testid="main-menu"
    />
  );

  const userMenu: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: t.nav.account, onClick: () => nav('/account') },
    { key: 'imports', icon: <HistoryOutlined />, label: t.nav.imports, onClick: () => nav('/imports') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t.nav.logout, danger: true, onClick: () => { void logout(); } },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider width={232} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          <Brand />
          {menu}
        </Sider>
      )}
      {mobile && (
        <Drawer placement="left" open={open} onClose={() => setOpen(false)} width={260}
          styles={{ body: { padding: 0, background: '#0f172a' }, header: { display: 'none' } }}>
          <Brand />
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header className="app-header">
          {mobile && <Button type="text" icon={<MenuOutlined />} aria-label={t.nav.menu} onClick={() => setOpen(true)} data-testid="menu-button" />}
          {mobile && <span style={{ fontWeight: 700, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }} data-testid="org-name-header">{org?.name || 'jaego'}</span>}
          <Input.Search className="hide-sm" placeholder={t.app.quickSearch} allowClear style={{ maxWidth: 320 }}
            onSearch={(v) => { if (v.trim()) nav(`/products?q=${encodeURIComponent(v.trim())}`); }} />
          <span className="spacer" />
          <AlertBell />
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <div className="user-chip" data-testid="user-chip">
              <Avatar style={{ background: '#1d4ed8' }}>{(user?.name || user?.login || '?').slice(0, 1)}</Avatar>
              <div className="who">
                <b>{user?.name || user?.login}</b>
                <small>{user?.login}</small>
              </div>
              <Tag color={roleColor(user?.role)} style={{ marginInlineEnd: 0 }}>{t.role[user?.role || 'viewer']}</Tag>
            </div>
          </Dropdown>
        </Header>
        <Content className="app-content">{children}</Content>
      </Layout>
    </Layout>
  );
}

export function roleColor(role?: string): string {
  switch (role) {
    case 'master': return 'gold';
    case 'manager': return 'blue';
    case 'staff': return 'green';
    default: return 'default';
  }
}
