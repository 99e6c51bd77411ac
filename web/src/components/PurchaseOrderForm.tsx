// A draft purchase order (발주서 작성 중): supplier, expected arrival, memo and the lines (product,
// quantity, 매입 단가). Creates with POST /api/purchase-orders or edits a draft with PATCH; the
// server's field errors ("lines[1].qty") land under their fields.
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type List, type Product } from '../api';
import { t } from '../i18n';
import { maxLen, useLimits } from '../limits';
import { num, won } from '../format';
import { applyFieldErrors, useDebounced, useShowError, useSuppliers } from '../util';
import type { PurchaseOrder } from '../po';

interface LineValues { sku?: string; qty?: number | null; unit_cost?: number | null }
interface Values { supplier_id?: number; expected_date?: Dayjs | null; memo?: string; lines: LineValues[] }

interface Props {
  open: boolean;
  order?: PurchaseOrder | null; /* a draft to edit; none = a new one */
  onClose: () => void;
  onSaved: (o: PurchaseOrder) => void;
}

const qtyFormat = (v: number | string | undefined) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const qtyParse = (v: string | undefined) => Number((v || '').replace(/,/g, ''));

export default function PurchaseOrderForm({ open, order, onClose, onSaved }: Props) {
  const limits = useLimits(); // a purchase order\'s memo and lot follow the movement\'s limits
  const [form] = Form.useForm<Values>();
  const [suppliers] = useSuppliers();
  const [busy, setBusy] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const [found, setFound] = useState<Product[]>([]);
  // Products seen so far, so that a picked product keeps its label and 매입 단가.
  const [known, setKnown] = useState<Record<string, { name: string; unit_cost?: number | null }>>({});
  const { message } = App.useApp();
  const showError = useShowError();
  const lines = Form.useWatch('lines', form) || [];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (order) {
      form.setFieldsValue({
        supplier_id: order.supplier.id, memo: order.memo,
        expected_date: order.expected_date ? dayjs(order.expected_date) : null,
        lines: (order.lines || []).map((l) => ({ sku: l.sku, qty: l.qty, unit_cost: l.unit_cost })),
      });
      setKnown(Object.fromEntries((order.lines || []).map((l) => [l.sku, { name: l.name, unit_cost: l.unit_cost }])));
    } else {
      form.setFieldsValue({ lines: [{}] });
    }
  }, [open, order, form]);

  useEffect(() => {
    if (!open) return;
    // Singles only: a set holds no stock of its own and is ordered as its components.
    api.get<List<Product>>('/api/products', { q, limit: 20, status: 'active', kind: 'single' })
      .then((r) => {
        setFound(r.items || []);
        setKnown((k) => ({ ...k, ...Object.fromEntries((r.items || []).map((p) => [p.sku, { name: p.name, unit_cost: p.unit_cost }])) }));
      })
      .catch(() => setFound([]));
  }, [q, open]);

  const options = useMemo(() => {
    const seen = new Set<string>();
    const out: { value: string; label: string }[] = [];
    for (const l of lines) {
      if (l?.sku && !seen.has(l.sku)) { seen.add(l.sku); out.push({ value: l.sku, label: `${l.sku} · ${known[l.sku]?.name || ''}` }); }
    }
    for (const p of found) if (!seen.has(p.sku)) { seen.add(p.sku); out.push({ value: p.sku, label: `${p.sku} · ${p.name}` }); }
    return out;
  }, [found, lines, known]);

  const total = lines.reduce((s, l) => s + (l?.qty || 0) * (l?.unit_cost ?? known[l?.sku || '']?.unit_cost ?? 0), 0);

  const save = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    const body = {
      supplier_id: v.supplier_id,
      expected_date: v.expected_date ? v.expected_date.format('YYYY-MM-DD') : null,
      memo: v.memo ?? '',
      lines: (v.lines || []).map((l) => ({ sku: l.sku, qty: l.qty, ...(l.unit_cost != null ? { unit_cost: l.unit_cost } : {}) })),
    };
    setBusy(true);
    try {
      const o = order
        ? await api.patch<PurchaseOrder>(`/api/purchase-orders/${order.id}`, body)
        : await api.post<PurchaseOrder>('/api/purchase-orders', body);
      void message.success(order ? t.po.updated : t.po.created);
      onSaved(o);
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  return (
    <Modal open={open} title={order ? t.po.editTitle : t.po.new} onCancel={onClose} onOk={save} okText={t.common.save} cancelText={t.common.cancel}
      confirmLoading={busy} destroyOnHidden width={760}>
      <Form form={form} layout="vertical" data-testid="po-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="supplier_id" label={t.po.supplier} rules={[{ required: true, message: t.po.supplierPick }]}>
              <Select showSearch optionFilterProp="label" placeholder={t.po.supplierPick} options={suppliers.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="expected_date" label={t.po.expectedDate} extra={t.po.expectedHelp}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
        </Row>
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{t.po.lines}</div>
        <Row gutter={8} className="hide-sm muted" style={{ fontSize: 12.5, marginBottom: 4 }}>
          <Col sm={12}>{t.po.product}</Col><Col sm={5}>{t.po.qty}</Col><Col sm={6}>{t.po.unitCost}</Col>
        </Row>
        <Form.List name="lines" rules={[{ validator: async (_, v) => { if (!v || v.length < 1) throw new Error(t.po.linesRequired); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top" data-testid="po-line">
                  <Col xs={24} sm={12}>
                    <Form.Item name={[f.name, 'sku']} rules={[{ required: true, message: t.po.productPick }]}>
                      <Select showSearch filterOption={false} onSearch={setSearch} placeholder={t.product.searchPlaceholder} options={options}
                        onChange={() => setSearch('')} />
                    </Form.Item>
                  </Col>
                  <Col xs={10} sm={5}>
                    <Form.Item name={[f.name, 'qty']} rules={[{ required: true, message: t.po.qtyRequired }]}>
                      <InputNumber<number> min={1} max={1000000} precision={0} placeholder={t.po.qty} addonAfter="개" style={{ width: '100%' }}
                        formatter={qtyFormat} parser={qtyParse} />
                    </Form.Item>
                  </Col>
                  <Col xs={11} sm={6}>
                    <Form.Item name={[f.name, 'unit_cost']}>
                      <InputNumber<number> min={0} precision={0} addonAfter="원" style={{ width: '100%' }} formatter={qtyFormat} parser={qtyParse}
                        placeholder={(() => { const s = lines[f.name]?.sku; const c = s ? known[s]?.unit_cost : undefined; return c != null ? num(c) : t.po.unitCost; })()} />
                    </Form.Item>
                  </Col>
                  <Col xs={3} sm={1}>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t.common.delete} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
                <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="po-add-line">{t.po.addLine}</Button>
                <Typography.Text type="secondary">{t.po.costHint} · {t.po.amount} <b className="num">{won(total)}</b></Typography.Text>
              </Space>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item name="memo" label={t.po.memo}><Input.TextArea rows={2} maxLength={maxLen(limits, 'movement.memo')} /></Form.Item>
      </Form>
    </Modal>
  );
}
