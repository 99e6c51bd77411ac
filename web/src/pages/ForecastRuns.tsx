// 수요 예측: the organisation's forecast runs — the latest one with its stage and progress
// while it runs, what it forecast and with which models, and the earlier runs; a manager
// starts a run now (the nightly one runs by itself at the hour of 회사 설정). The page polls
// while a run is queued or running, so the seller sees it finish without reloading.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { api, type ForecastRun, type List } from '../api';
import { useAuth } from '../auth';
import { t } from '../i18n';
import { num } from '../format';
import { useShowError } from '../util';

const w = t.forecastRuns;
const POLL_MS = 1500;

const STATUS_COLOR: Record<string, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };

function StatusTag({ run }: { run: ForecastRun }) {
  return <Tag color={STATUS_COLOR[run.status]} data-testid="run-status" data-status={run.status}>{w.status[run.status] || run.status}</Tag>;
}

/** "2026-12-02T03:15:00Z" as the KST wall time "2026-12-02 12:15". */
function kst(iso?: string | null): string {
  if (!iso) return '-';
  const d = new Date(Date.parse(iso) + 9 * 3600e3);
  return isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
}

function seconds(ms?: number | null): string {
  return ms == null ? '-' : `${(ms / 1000).toLocaleString('ko-KR', { maximumFractionDigits: 1 })}초`;
}

function Latest({ run }: { run: ForecastRun }) {
  const open = run.status === 'queued' || run.status === 'running';
  const pct = run.progress?.total ? Math.round((100 * run.progress.done) / run.progress.total) : 0;
  const models = Object.entries(run.models || {}).sort((a, b) => b[1] - a[1]);
  return (
    <Card title={<Space>{w.latest(run.id)}<StatusTag run={run} /></Space>} data-testid="run-latest">
      {open && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text>{w.stage[run.stage || 'queued'] || run.stage}</Typography.Text>
          <Progress percent={pct} status="active" data-testid="run-progress" />
        </div>
      )}
      {run.status === 'failed' && <Alert type="error" showIcon message={run.error || w.failed} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={w.trigger}>{w.triggers[run.trigger] || run.trigger}{run.requested_by ? ` · ${run.requested_by.name}` : ''}</Descriptions.Item>
        <Descriptions.Item label={w.created}>{kst(run.created_at)}</Descriptions.Item>
        <Descriptions.Item label={w.finished}>{kst(run.finished_at)}</Descriptions.Item>
        <Descriptions.Item label={w.duration}>{seconds(run.duration_ms)}</Descriptions.Item>
        <Descriptions.Item label={w.history}>{run.last_history_date ? w.historyUntil(run.last_history_date) : '-'}</Descriptions.Item>
        <Descriptions.Item label={w.products}>
          <span data-testid="run-products">{w.productsText(num(run.products?.forecast ?? 0), num(run.products?.skipped ?? 0))}</span>
        </Descriptions.Item>
      </Descriptions>
      {models.length > 0 && (
        <>
          <Typography.Text type="secondary">{w.models}</Typography.Text>
          <div style={{ marginTop: 4 }} data-testid="run-models">
            {models.map(([m, n]) => <Tag key={m}>{m} <b className="num">{num(n)}</b></Tag>)}
          </div>
        </>
      )}
    </Card>
  );
}

export default function ForecastRuns() {
  const { can } = useAuth();
  const showError = useShowError();
  const [runs, setRuns] = useState<ForecastRun[] | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const list = await api.get<List<ForecastRun>>('/api/forecast-runs', { limit: 20 });
      setRuns(list.items);
      const open = list.items.some((r) => r.status === 'queued' || r.status === 'running');
      window.clearTimeout(timer.current);
      if (open) timer.current = window.setTimeout(load, POLL_MS);
    } catch (e) {
      showError(e);
    }
  }, [showError]);

  useEffect(() => {
    load();
    return () => window.clearTimeout(timer.current);
  }, [load]);

  const start = async () => {
    setBusy(true);
    try {
      await api.post<ForecastRun>('/api/forecast-runs');
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const latest = runs?.[0];
  const running = !!latest && (latest.status === 'queued' || latest.status === 'running');
  return (
    <div>
      <Space align="center" style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>{t.nav.forecasts}</Typography.Title>
          <Typography.Text type="secondary">{w.hint}</Typography.Text>
        </div>
        {can('manager') && (
          <Button type="primary" icon={<ThunderboltOutlined />} loading={busy} disabled={running} onClick={start} data-testid="run-start">
            {running ? w.running : w.start}
          </Button>
        )}
      </Space>
      {runs && !latest && <Card><Empty description={w.none} /></Card>}
      {latest && <Latest run={latest} />}
      {runs && runs.length > 1 && (
        <Card title={w.earlier} style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
          <Table rowKey="id" size="small" pagination={false} dataSource={runs.slice(1)} scroll={{ x: 640 }} data-testid="run-list"
            columns={[
              { title: '#', dataIndex: 'id', render: (v: number) => <span className="num">#{v}</span> },
              { title: w.statusCol, render: (_: unknown, r: ForecastRun) => <StatusTag run={r} /> },
              { title: w.trigger, render: (_: unknown, r: ForecastRun) => w.triggers[r.trigger] || r.trigger },
              { title: w.finished, render: (_: unknown, r: ForecastRun) => <span className="num">{kst(r.finished_at || r.created_at)}</span> },
              { title: w.duration, align: 'right', render: (_: unknown, r: ForecastRun) => <span className="num">{seconds(r.duration_ms)}</span> },
              { title: w.products, align: 'right', render: (_: unknown, r: ForecastRun) => <span className="num">{num(r.products?.forecast ?? 0)}</span> },
            ]} />
        </Card>
      )}
    </div>
  );
}
