// The header's bell: how many alerts are open (not snoozed), looked at again when the server
// says the open alerts changed (live `alerts` events, or a reconnect), when the alert screen
// changes something, and every 5 minutes in case the stream is down; a click opens 알림.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { api, type AlertList } from '../api';
import { t } from '../i18n';
import { useLiveVersion } from '../live';

/** The fallback poll: live events carry the changes, this only covers a stream that is down. */
const SLOW_POLL_MS = 5 * 60 * 1000;

export default function AlertBell() {
  const [n, setN] = useState(0);
  const nav = useNavigate();
  const alertsVersion = useLiveVersion('alerts');
  useEffect(() => {
    let live = true;
    const load = () => {
      api.get<AlertList>('/api/alerts', undefined, { quiet401: true })
        .then((r) => { if (live) setN(r.total); })
        .catch(() => { /* the bell stays as it was; the screens show errors */ });
    };
    load();
    const timer = setInterval(load, SLOW_POLL_MS);
    window.addEventListener('jaego:alerts', load);
    return () => { live = false; clearInterval(timer); window.removeEventListener('jaego:alerts', load); };
  }, [alertsVersion]);
  return (
    <Badge count={n} overflowCount={99} size="small" offset={[-4, 4]}>
      <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} onClick={() => nav('/alerts')}
        aria-label={t.alerts.badge(n)} title={t.alerts.badge(n)} data-testid="alert-bell" />
    </Badge>
  );
}
