// 입고: what arrived of an order, line by line — the quantity (the remainder by default), and a
// lot and 소비기한 for products with 소비기한 관리. One key per opened dialog goes with the
// request (Idempotency-Key), so pressing 저장 again after a dropped connection never receives
// twice.
import { useEffect, useMemo, useState } from 'react';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import { maxLen, useLimits } from '../limits';
import { num, todayKst } from '../format';
import { applyFieldErrors, useShowError } from '../util';
import { newReceiveKey, type PoLine, type PurchaseOrder } from '../po';

interface LineValues { qty?: number | null; lot?: string; expiry?: Dayjs | null }
interface Values { date: Dayjs; lines: LineValues[] }

interface Props {
  open: boolean;
  order: PurchaseOrder;
  onClose: () => void;
  onDone: (o: PurchaseOrder) => void;
}

export default function ReceiveForm({ open, order, onClose, onDone }: Props) {
  const limits = useLimits(); // a purchase order\'s memo and lot follow the movement\'s limits
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const { message } = App.useApp();
  const showError = useShowError();
  const lines: PoLine[] = useMemo(() => (order.lines || []).filter((l) => l.remaining_qty > 0), [order.lines]);
  const values = Form.useWatch('lines', form) || [];

  useEffect(() => {
    if (!open) return;
    setKey(newReceiveKey());
    form.resetFields();
    form.setFieldsValue({ date: dayjs(todayKst()), lines: lines.map((l) => ({ qty: l.remaining_qty })) });
  }, [open, lines, form]);

  const save = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    // Only lines with a quantity go out; `at` maps the request's index back to the form row.
    const at: number[] = [];
    const body = {
      date: v.date.format('YYYY-MM-DD'),
      lines: v.lines.flatMap((x, i) => {
        if (!x.qty) return [];
        at.push(i);
        return [{ line_id: lines[i].id, qty: x.qty, ...(x.lot ? { lot: x.lot.trim() } : {}), ...(x.expiry ? { expiry: x.expiry.format('YYYY-MM-DD') } : {}) }];
      }),
    };
    if (!body.lines.length) { void message.warning(t.po.receiveNothing); return; }
    setBusy(true);
    try {
      const o = await api.post<PurchaseOrder>(`/api/purchase-orders/${order.id}/receive`, body, { headers: { 'Idempotency-Key': key } });
      void message.success(t.po.receivedMsg(num(body.lines.reduce((s, l) => s + l.qty, 0))));
      onDone(o);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'already_received' || e.code === 'idempotency_key_reused')) {
        // An earlier press of this dialog went through (its answer was lost): show the order
        // as it is now instead of offering to send it again.
        void message.info(e.code === 'already_received' ? t.po.alreadyReceived : t.po.keyReused);
        onDone(await api.get<PurchaseOrder>(`/api/purchase-orders/${order.id}`));
        return;
      }
      if (e instanceof ApiError) {
        for (const d of e.details as { field?: string }[]) {
          const m = d && typeof d.field === 'string' ? /^lines\[(\d+)\]/.exec(d.field) : null;
          if (m) d.field = d.field!.replace(m[0], `lines[${at[Number(m[1])] ?? m[1]}]`);
        }
      }
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  return (
    <Modal open={open} title={t.po.receiveTitle(order.id)} onCancel={onClose} onOk={save} okText={t.common.save} cancelText={t.common.cancel}
      confirmLoading={busy} destroyOnHidden width={720}>
      <Typography.Paragraph type="secondary">{t.po.receiveHelp}</Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid="receive-form">
        <Form.Item name="date" label={t.po.receiveDate} rules={[{ required: true, message: t.common.required }]} style={{ maxWidth: 240 }}>
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > todayKst()} />
        </Form.Item>
        {lines.map((l, i) => {
          const needs = l.has_expiry && !!values[i]?.qty;
          return (
            <div key={l.id} data-testid="receive-line" style={{ borderTop: '1px solid #f1f5f9', paddingTop: 10 }}>
              <div style={{ marginBottom: 6 }}>
                <span className="sku">{l.sku}</span> <b>{l.name}</b>{' '}
                <span className="muted">· {t.po.remainingOf(num(l.remaining_qty), num(l.qty))}</span>
              </div>
              <Row gutter={8}>
                <Col xs={24} sm={8}>
                  <Form.Item name={['lines', i, 'qty']} label={t.po.receiveQty}>
                    <InputNumber<number> min={0} max={l.remaining_qty} precision={0} addonAfter="개" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name={['lines', i, 'lot']} label={t.po.lot} required={needs}
                    rules={needs ? [{ required: true, whitespace: true, message: t.po.lotRequired }] : []}>
                    <Input maxLength={maxLen(limits, 'movement.lot')} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name={['lines', i, 'expiry']} label={t.po.expiry} required={needs}
                    rules={needs ? [{ required: true, message: t.po.expiryRequired }] : []}>
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                </Col>
              </Row>
            </div>
          );
        })}
      </Form>
    </Modal>
  );
}
