// Manual 입고 / 출고 / 재고 실사 form (POST /api/movements). The SKU is fixed when opened
// from a product, or searched when opened from the ledger.
import { useEffect, useState } from 'react';
import { Alert, App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Segmented, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type List, type Movement, type Product } from '../api';
import { t } from '../i18n';
import { num, todayKst } from '../format';
import { applyFieldErrors, useDebounced, useShowError } from '../util';
import { maxLen, useLimits } from '../limits';

export type MoveKind = 'inbound' | 'outbound' | 'adjust';

interface Props {
  open: boolean;
  kind: MoveKind;
  product?: Pick<Product, 'sku' | 'name' | 'on_hand' | 'has_expiry'> | null;
  onClose: () => void;
  onDone: (onHand: number) => void;
}

interface Values { sku: string; qty: number; date: Dayjs; memo?: string; lot?: string; expiry?: Dayjs | null; expiry_unknown?: boolean }

const QTY_MAX = 1000000; // the ledger's limit of one movement (LEDGER_MAX_QTY)

/**
 * Why a typed quantity cannot be recorded, or null. The box keeps exactly what was typed
 * (no min/precision on the input, which would turn -5 into 1 or 1.5 into 2 behind the
 * seller's back); a wrong value is refused with a message instead.
 */
export function qtyProblem(v: unknown, kind: MoveKind): string | null {
  if (v === null || v === undefined || v === '') return t.movement.qtyRequired;
  const n = Number(v);
  if (!Number.isFinite(n) || !Number.isInteger(n)) return t.movement.qtyInteger;
  if (kind === 'adjust' ? n < 0 : n < 1) return kind === 'adjust' ? t.movement.countMin : t.movement.qtyMin;
  const max = kind === 'adjust' ? QTY_MAX * 100 : QTY_MAX;
  if (n > max) return t.movement.qtyMax(num(max));
  return null;
}

/** 12,000 while typing; a fraction keeps its digits as typed. */
function groupDigits(v: number | string | undefined): string {
  const s = `${v ?? ''}`;
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

export default function MovementForm({ open, kind: initialKind, product, onClose, onDone }: Props) {
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<MoveKind>(initialKind);
  const limits = useLimits();
  const [busy, setBusy] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const [options, setOptions] = useState<Product[]>([]);
  const { message } = App.useApp();
  const showError = useShowError();
  const sku = Form.useWatch('sku', form);
  const expiryUnknown = Form.useWatch('expiry_unknown', form);
  const picked = product || options.find((p) => p.sku === sku) || null;
  // A dated product's receipt needs its expiry date, or an explicit "unknown" (the server
  // enforces it for every path; sets with dated components are refused there too).
  const dated = kind === 'inbound' && !!picked?.has_expiry;

  useEffect(() => {
    if (open) {
      setKind(initialKind);
      form.resetFields();
      form.setFieldsValue({ sku: product?.sku, date: dayjs(todayKst()) } as Partial<Values>);
    }
  }, [open, initialKind, product, form]);

  useEffect(() => {
    if (!open || product) return;
    api.get<List<Product>>('/api/products', { q, limit: 20, status: 'active' })
      .then((r) => setOptions(r.items || [])).catch(() => setOptions([]));
  }, [q, open, product]);

  const title = kind === 'inbound' ? t.movement.inboundTitle : kind === 'outbound' ? t.movement.outboundTitle : t.movement.adjustTitle;

  const submit = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    setBusy(true);
    try {
      const body: Record<string, unknown> = { sku: v.sku, type: kind, qty: v.qty, date: v.date.format('YYYY-MM-DD') };
      if (v.memo) body.memo = v.memo;
      if (kind === 'inbound' && v.lot) body.lot = v.lot;
      if (kind === 'inbound' && v.expiry_unknown) body.expiry_unknown = true;
      else if (kind === 'inbound' && v.expiry) body.expiry = v.expiry.format('YYYY-MM-DD');
      const r = await api.post<{ movement: Movement; on_hand: number; warnings?: { code: string; message: string }[] }>('/api/movements', body);
      const label = kind === 'adjust' ? t.movement.adjust : kind === 'inbound' ? t.movement.inbound : t.movement.outbound;
      void message.success(t.movement.recorded(label, num(r.on_hand)));
      for (const w of r.warnings || []) void message.warning(w.message, 6);
      onDone(r.on_hand);
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={submit} okText={t.common.save} cancelText={t.common.cancel}
      confirmLoading={busy} destroyOnHidden width={480}>
      <Segmented block value={kind} onChange={(v) => setKind(v as MoveKind)} style={{ marginBottom: 16 }}
        options={[
          { value: 'inbound', label: t.movement.inbound },
          { value: 'outbound', label: t.movement.outbound },
          { value: 'adjust', label: t.movement.stocktake },
        ]} />
      {kind === 'adjust' && <Typography.Paragraph type="secondary">{t.movement.adjustHelp}</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item name="sku" label={t.movement.product} rules={[{ required: true, message: t.common.required }]}>
          {product ? (
            <Select disabled options={[{ value: product.sku, label: `${product.sku} · ${product.name}` }]} />
          ) : (
            <Select showSearch filterOption={false} onSearch={setSearch} placeholder={t.product.searchPlaceholder}
              options={options.map((p) => ({ value: p.sku, label: `${p.sku} · ${p.name}` }))} />
          )}
        </Form.Item>
        {picked && (
          <Typography.Paragraph>
            {t.product.onHand}: <b className="num">{num(picked.on_hand)}개</b>
          </Typography.Paragraph>
        )}
        <Form.Item name="qty" label={kind === 'adjust' ? t.movement.countedQty : t.movement.qty} required
          rules={[{ validator: (_, v) => { const p = qtyProblem(v, kind); return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}>
          <InputNumber<number> style={{ width: '100%' }} addonAfter="개" data-testid="qty-input"
            formatter={groupDigits} parser={(v) => Number((v || '').replace(/,/g, ''))} />
        </Form.Item>
        <Form.Item name="date" label={t.movement.date} rules={[{ required: true, message: t.common.required }]}>
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false} />
        </Form.Item>
        {kind === 'inbound' && (
          <>
            <div style={{ display: 'flex', gap: 12 }}>
              <Form.Item name="expiry" label={<>{t.movement.expiry}{dated && <Tag color="gold" style={{ marginInlineStart: 6 }}>{t.movement.expiryManaged}</Tag>}</>}
                style={{ flex: 1 }} dependencies={['expiry_unknown']}
                rules={[{ required: dated && !expiryUnknown, message: t.movement.expiryRequired }]}>
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabled={!!expiryUnknown} id="expiry" />
              </Form.Item>
              <Form.Item name="lot" label={t.movement.lot} style={{ flex: 1 }}><Input maxLength={maxLen(limits, 'movement.lot')} id="lot" /></Form.Item>
            </div>
            <Form.Item name="expiry_unknown" valuePropName="checked" style={{ marginTop: -8 }}>
              <Checkbox data-testid="expiry-unknown" onChange={(e) => { if (e.target.checked) form.setFieldValue('expiry', null); }}>{t.movement.expiryUnknown}</Checkbox>
            </Form.Item>
            {expiryUnknown && <Alert type="warning" showIcon message={t.movement.expiryUnknownWarn} style={{ marginBottom: 16 }} data-testid="expiry-unknown-warning" />}
          </>
        )}
        <Form.Item name="memo" label={t.movement.memo}><Input.TextArea rows={2} maxLength={maxLen(limits, 'movement.memo')} /></Form.Item>
      </Form>
    </Modal>
  );
}
