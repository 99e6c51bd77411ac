// The header's bell: how many alerts are open (not snoozed), looked at on every screen change,
// every minute and when the alert screen changes something; a click opens 알림.
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { api, type AlertList } from '../api';
import { t } from '../i18n';

export default function AlertBell() {
  const [n, setN] = useState(0);
  const nav = useNavigate();
  const loc = useLocation();
  useEffect(() => {
    let live = true;
    const load = () => {
      api.get<AlertList>('/api/alerts', undefined, { quiet401: true })
        .then((r) => { if (live) setN(r.total); })
        .catch(() => { /* the bell stays as it was; the screens show errors */ });
    };
    load();
    const timer = setInterval(load, 60000);
    window.addEventListener('jaego:alerts', load);
    return () => { live = false; clearInterval(timer); window.removeEventListener('jaego:alerts', load); };
  }, [loc.pathname]);
  return (
    <Badge count={n} overflowCount={99} size="small" offset={[-4, 4]}>
      <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} onClick={() => nav('/alerts')}
        aria-label={t.alerts.badge(n)} title={t.alerts.badge(n)} data-testid="alert-bell" />
    </Badge>
  );
}
