// The product page's 예측 수정 card: the forecast's 30/60/90-day totals, the model's and the
// effective ones (with corrections) side by side and marked when corrected; for managers and
// masters a form to correct a window's total, given dates or the suggested order quantity
// (추천 발주량) with a reason, the corrections in force with 되돌리기, and the 수정 이력
// (누가, 언제, 이전 값, 새 값, 사유). Staff and viewers see the totals only: the server
// refuses them the rest.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, List, Modal, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, type Product } from '../api';
import { t } from '../i18n';
import { num, todayKst, when } from '../format';
import { useAuth } from '../auth';
import { maxLen, useLimits } from '../limits';
import { applyFieldErrors, useShowError } from '../util';

type Who = { id: number; name: string } | null;
interface Total { mean: number; effective?: number; overridden?: boolean }
interface Forecast {
  run_id: number; days: { date: string; mean: number; effective?: number; overridden?: boolean }[];
  totals: Record<string, Total>; overridden?: boolean; overrides?: Override[];
}
export interface Override {
  id: number; kind: 'forecast' | 'order_qty'; window_days: number | null; target: string;
  qty: number; old_qty: number | null; model_qty: number | null; reason: string;
  created_by: Who; created_at: string; status: string; active_qty?: number;
}
interface HistoryEntry {
  override_id: number; action: 'set' | 'revert'; at: string; user: Who; kind: string; target: string;
  old_value: number | null; new_value: number | null; reason: string; status: string;
}
interface Overrides { standing: Override[]; history: HistoryEntry[]; moq: number }

type Mode = 'window' | 'dates' | 'order';
interface FormValues { window_days?: number; qty?: number; dates?: { date?: Dayjs; qty?: number }[]; reason?: string }

const WINDOWS = [30, 60, 90];
const STATUS_COLOR: Record<string, string> = { standing: 'orange', expired: 'default', replaced: 'default', reverted: 'default' };

/** A figure in whole units ("1,234개"), or the computed one when there is none. */
function qtyText(v: number | null | undefined, kind: string): string {
  if (v === null || v === undefined) return kind === 'order_qty' ? t.ovr.computed : '-';
  return `${num(Math.round(v))}개`;
}

function Totals({ fc }: { fc: Forecast }) {
  return (
    <Row gutter={[12, 12]}>
      {WINDOWS.map((w) => {
        const tot = fc.totals[String(w)];
        if (!tot) return null;
        const eff = tot.effective ?? tot.mean;
        return (
          <Col xs={24} sm={8} key={w}>
            <div data-testid={`ovr-total-${w}`} data-overridden={tot.overridden ? '1' : '0'}
              style={{ border: `1px solid ${tot.overridden ? '#fdba74' : '#e2e8f0'}`, background: tot.overridden ? '#fff7ed' : '#fff', borderRadius: 8, padding: '10px 14px' }}>
              <div className="muted" style={{ fontSize: 13 }}>
                {t.ovr.total(w)} {tot.overridden && <Tag color="orange" style={{ marginInlineStart: 4 }} data-testid="ovr-marked">{t.ovr.overridden}</Tag>}
              </div>
              <div className="num" style={{ fontSize: 22, fontWeight: 600 }}>{num(Math.round(eff))}개</div>
              <div className="muted" style={{ fontSize: 12 }}>
                {tot.overridden ? `${t.ovr.model} ${num(Math.round(tot.mean))}개` : t.ovr.model}
              </div>
            </div>
          </Col>
        );
      })}
    </Row>
  );
}

export default function ForecastOverrides({ product, onChanged }: { product: Product; onChanged?: () => void }) {
  const { can } = useAuth();
  const manager = can('manager');
  const { message } = App.useApp();
  const showError = useShowError();
  const limits = useLimits();
  const [form] = Form.useForm<FormValues>();
  const [revertForm] = Form.useForm<{ reason?: string }>();
  const [fc, setFc] = useState<Forecast | null>(null);
  const [noFc, setNoFc] = useState<string | null>(null);
  const [data, setData] = useState<Overrides | null>(null);
  const [mode, setMode] = useState<Mode>('window');
  const [windowDays, setWindowDays] = useState(30);
  const [saving, setSaving] = useState(false);
  const [reverting, setReverting] = useState<Override | HistoryEntry | null>(null);
  const sku = encodeURIComponent(product.sku);

  const load = useCallback(() => {
    api.get<Forecast>(`/api/products/${sku}/forecast`).then((r) => { setFc(r); setNoFc(null); })
      .catch((e) => { setFc(null); setNoFc(e instanceof ApiError ? e.message : t.errors.unknown); });
    if (manager) api.get<Overrides>(`/api/products/${sku}/overrides`).then(setData).catch(showError);
  }, [sku, manager, showError]);
  useEffect(() => { load(); }, [load]);

  // Without a forecast only the order quantity can be corrected.
  const effectiveMode: Mode = !fc && mode !== 'order' ? 'order' : mode;
  const today = todayKst();
  const lastDay = fc?.days.length ? fc.days[fc.days.length - 1].date : today;

  const save = async (v: FormValues) => {
    const reason = v.reason || '';
    const body = effectiveMode === 'order' ? { kind: 'order_qty', qty: v.qty, reason }
      : effectiveMode === 'window' ? { kind: 'forecast', window_days: windowDays, qty: v.qty, reason }
        : { kind: 'forecast', reason, dates: (v.dates || []).map((d) => ({ date: d.date?.format('YYYY-MM-DD'), qty: d.qty })) };
    setSaving(true);
    try {
      const r = await api.post<{ override: Override; warnings: { code: string; message: string }[] }>(`/api/products/${sku}/overrides`, body);
      void message.success(t.ovr.saved);
      for (const w of r.warnings) void message.warning(w.message);
      form.resetFields();
      load();
      onChanged?.();
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setSaving(false); }
  };

  const revert = async () => {
    if (!reverting) return;
    let reason: string | undefined;
    try { ({ reason } = await revertForm.validateFields()); } catch { return; } // shown under the field
    const id = 'id' in reverting ? reverting.id : reverting.override_id;
    try {
      await api.post(`/api/overrides/${id}/revert`, { reason });
      void message.success(t.ovr.reverted);
      setReverting(null);
      revertForm.resetFields();
      load();
      onChanged?.();
    } catch (e) {
      if (!applyFieldErrors(revertForm, e)) showError(e);
    }
  };

  const currentTotal = fc?.totals[String(windowDays)];
  const reasonItem = (
    <Form.Item name="reason" label={t.ovr.reason} rules={[{ required: true, whitespace: true, message: t.ovr.reasonRequired }]}>
      <Input.TextArea rows={2} maxLength={maxLen(limits, 'override.reason')} showCount placeholder={t.ovr.reasonPlaceholder} data-testid="ovr-reason" />
    </Form.Item>
  );

  const formCard = manager && (
    <Form form={form} layout="vertical" onFinish={save} data-testid="ovr-form" requiredMark={false} style={{ marginTop: 16 }}>
      <Form.Item label={t.ovr.what} style={{ marginBottom: 12 }}>
        <Segmented<Mode> value={effectiveMode} onChange={(m) => { setMode(m); form.resetFields(['qty', 'dates']); }} data-testid="ovr-kind"
          options={[
            { label: t.ovr.kindWindow, value: 'window', disabled: !fc },
            { label: t.ovr.kindDates, value: 'dates', disabled: !fc },
            { label: t.ovr.kindOrder, value: 'order' },
          ]} />
      </Form.Item>
      {effectiveMode === 'window' && (
        <Space align="start" wrap size={16}>
          <Form.Item label={t.ovr.window}>
            <Segmented<number> value={windowDays} onChange={setWindowDays} data-testid="ovr-window"
              options={WINDOWS.map((w) => ({ label: t.ovr.windowDays(w), value: w }))} />
          </Form.Item>
          <Form.Item name="qty" label={t.ovr.newTotal} rules={[{ required: true, message: t.ovr.qtyRequired }]}
            extra={currentTotal ? t.ovr.current(num(Math.round(currentTotal.effective ?? currentTotal.mean))) : undefined}>
            <InputNumber min={0} precision={0} style={{ width: 180 }} addonAfter="개" data-testid="ovr-qty" />
          </Form.Item>
        </Space>
      )}
      {effectiveMode === 'window' && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }}>{t.ovr.windowHelp}</Typography.Paragraph>}
      {effectiveMode === 'dates' && (
        <Form.List name="dates" initialValue={[{}]}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: t.ovr.datesRequired }]}>
                    <DatePicker format="YYYY-MM-DD" placeholder={t.ovr.date} data-testid="ovr-date"
                      disabledDate={(d) => d.format('YYYY-MM-DD') < today || d.format('YYYY-MM-DD') > lastDay} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'qty']} rules={[{ required: true, message: t.ovr.qtyRequired }]}>
                    <InputNumber min={0} precision={0} placeholder={t.ovr.qty} addonAfter="개" style={{ width: 160 }} data-testid="ovr-date-qty" />
                  </Form.Item>
                  {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t.common.delete} />}
                </Space>
              ))}
              <Form.Item><Button icon={<PlusOutlined />} onClick={() => add({ date: dayjs(today) })} size="small">{t.ovr.addDate}</Button></Form.Item>
            </>
          )}
        </Form.List>
      )}
      {effectiveMode === 'order' && (
        <Form.Item name="qty" label={t.ovr.kindOrder} rules={[{ required: true, message: t.ovr.qtyRequired }]}
          extra={t.ovr.orderHelp(num(data?.moq ?? product.moq ?? 1))}>
          <InputNumber min={0} precision={0} style={{ width: 180 }} addonAfter="개" data-testid="ovr-qty" />
        </Form.Item>
      )}
      {reasonItem}
      <Button type="primary" htmlType="submit" loading={saving} data-testid="ovr-save">{t.ovr.save}</Button>
    </Form>
  );

  const standing = data?.standing || [];
  const history = data?.history || [];
  return (
    <Card title={t.ovr.title} style={{ marginTop: 12 }} data-testid="forecast-overrides"
      extra={!manager ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.ovr.readOnly}</Typography.Text> : undefined}>
      {manager && <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>{t.ovr.sub}</Typography.Paragraph>}
      {fc ? <Totals fc={fc} /> : <Alert type="info" showIcon message={t.ovr.noForecast} description={noFc} data-testid="ovr-no-forecast" />}
      {manager && (
        <Row gutter={[24, 12]}>
          <Col xs={24} xl={12}>{formCard}</Col>
          <Col xs={24} xl={12}>
            <div style={{ fontWeight: 600, margin: '16px 0 8px' }}>{t.ovr.standing}</div>
            {standing.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.ovr.noStanding} /> : (
              <List size="small" bordered dataSource={standing} data-testid="ovr-standing" renderItem={(o) => (
                <List.Item actions={[<Button key="r" size="small" icon={<RollbackOutlined />} onClick={() => setReverting(o)} data-testid="ovr-revert">{t.ovr.revert}</Button>]}>
                  <List.Item.Meta
                    title={<Space size={6} wrap><Tag color="orange">{t.ovr.statuses.standing}</Tag><span>{o.target}</span>
                      <b className="num">{qtyText(o.qty, o.kind)}</b></Space>}
                    description={<span>{o.reason} · {o.created_by?.name || '-'} · {when(o.created_at)}</span>} />
                </List.Item>
              )} />
            )}
          </Col>
        </Row>
      )}
      {manager && (
        <>
          <div style={{ fontWeight: 600, margin: '20px 0 8px' }}>{t.ovr.history}</div>
          <Table<HistoryEntry> size="small" rowKey={(h) => `${h.override_id}-${h.action}`} dataSource={history} pagination={history.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: t.ovr.noHistory }} scroll={{ x: 760 }} data-testid="ovr-history"
            columns={[
              { title: t.ovr.when, dataIndex: 'at', width: 140, render: (v: string) => when(v) },
              { title: t.ovr.who, width: 90, render: (_, h) => h.user?.name || '-' },
              { title: t.ovr.target, render: (_, h) => <Space size={4} wrap>{h.action === 'revert' && <Tag>{t.ovr.actions.revert}</Tag>}<span>{h.target}</span></Space> },
              { title: t.ovr.before, width: 100, align: 'right', render: (_, h) => <span className="num">{qtyText(h.old_value, h.kind)}</span> },
              { title: t.ovr.after, width: 100, align: 'right', render: (_, h) => <b className="num">{qtyText(h.new_value, h.kind)}</b> },
              { title: t.ovr.reason, dataIndex: 'reason', ellipsis: true },
              { title: t.ovr.status, width: 190, render: (_, h) => (
                <Space size={4}>
                  {h.action === 'set' && <Tag color={STATUS_COLOR[h.status]}>{t.ovr.statuses[h.status] || h.status}</Tag>}
                  {h.action === 'set' && h.status === 'standing' &&
                    <Button size="small" type="link" onClick={() => setReverting(h)} data-testid="ovr-history-revert">{t.ovr.revert}</Button>}
                </Space>
              ) },
            ]} />
        </>
      )}
      <Modal open={!!reverting} title={t.ovr.revertTitle} onCancel={() => { setReverting(null); revertForm.resetFields(); }}
        onOk={revert} okText={t.ovr.revert} cancelText={t.common.cancel} okButtonProps={{ danger: true, id: 'ovr-revert-ok' }} destroyOnClose>
        <Typography.Paragraph>{reverting?.target}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t.ovr.revertHelp}</Typography.Paragraph>
        <Form form={revertForm} layout="vertical" requiredMark={false}>
          <Form.Item name="reason" label={t.ovr.reason} rules={[{ required: true, whitespace: true, message: t.ovr.reasonRequired }]}>
            <Input.TextArea rows={2} maxLength={maxLen(limits, 'override.reason')} showCount data-testid="ovr-revert-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
