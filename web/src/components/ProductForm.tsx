// Product create / edit drawer with field validation; the server's field errors
// (validation_failed details) appear under the matching fields.
import { useEffect, useState } from 'react';
import { App, AutoComplete, Button, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { api, type List, type Product } from '../api';
import { t } from '../i18n';
import { applyFieldErrors, useCategories, useDebounced, useManufacturers, useShowError, useSuppliers } from '../util';
import { maxLen, useLimits } from '../limits';
import ProductPlanningFields, { PLANNING_CLEARABLE } from './ProductPlanningFields';

interface Props { open: boolean; product?: Product | null; onClose: () => void; onSaved: (p: Product) => void }

const CHANNELS = ['playauto', 'coupang', 'smartstore', 'ownmall'];
const CHANNEL_LABEL: Record<string, string> = { playauto: '플레이오토', coupang: '쿠팡', smartstore: '스마트스토어', ownmall: '자사몰' };

const numberInput = { style: { width: '100%' }, precision: 0,
  formatter: (v: unknown) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  parser: (v: string | undefined) => Number((v || '').replace(/,/g, '')) as unknown as number } as const;

export default function ProductForm({ open, product, onClose, onSaved }: Props) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const limits = useLimits();
  const cats = useCategories();
  const makers = useManufacturers();
  const [suppliers] = useSuppliers();
  const [compSearch, setCompSearch] = useState('');
  const cq = useDebounced(compSearch, 250);
  const [compOptions, setCompOptions] = useState<Product[]>([]);
  const { message } = App.useApp();
  const showError = useShowError();
  const kind = Form.useWatch('kind', form);
  const editing = !!product;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(product ? {
      ...product,
      components: product.components?.map((c) => ({ sku: c.sku, qty: c.qty })) || [],
      channel_codes: product.channel_codes || [],
      lead_time_days: product.lead_time_source === 'supplier' ? null : product.lead_time_days,
    } : { kind: 'single', active: true, has_expiry: false, safety_stock_rule: 'manual', components: [], channel_codes: [] });
  }, [open, product, form]);

  useEffect(() => {
    if (!open || kind !== 'set') return;
    api.get<List<Product>>('/api/products', { q: cq, kind: 'single', limit: 20 })
      .then((r) => setCompOptions(r.items || [])).catch(() => setCompOptions([]));
  }, [cq, open, kind]);

  const submit = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: Record<string, unknown> = { ...v };
    // Empty numbers: leave them out (the server's defaults apply); only lead time and
    // supplier can be cleared on edit (null = use the supplier's lead time / none).
    for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === null) delete body[k];
    if (editing) for (const k of ['lead_time_days', 'supplier_id', ...PLANNING_CLEARABLE]) if (!(k in body)) body[k] = null;
    if (body.kind !== 'set') delete body.components;
    setBusy(true);
    try {
      const saved = editing
        ? await api.patch<Product>(`/api/products/${encodeURIComponent(product!.sku)}`, (() => { const b = { ...body }; delete b.sku; return b; })())
        : await api.post<Product>('/api/products', body);
      void message.success(editing ? t.product.updated : t.product.created);
      onSaved(saved && (saved as Product).sku ? saved : ({ ...(product || {}), ...body } as Product));
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={open} onClose={onClose} title={editing ? t.product.editTitle : t.product.new}
      width={Math.min(640, window.innerWidth)} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t.common.cancel}</Button><Button type="primary" loading={busy} onClick={submit} data-testid="product-save">{t.common.save}</Button></Space>}>
      <Form form={form} layout="vertical" scrollToFirstError>
        <Divider orientation="left" plain style={{ marginTop: 0 }}>{t.product.basic}</Divider>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="sku" label={t.product.sku} rules={[
              { required: true, whitespace: true, message: t.common.required },
              { pattern: /^[A-Za-z0-9_-]+$/, message: t.product.skuPattern }]}>
              <Input disabled={editing} maxLength={maxLen(limits, 'product.sku')} id="sku" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="playauto_sku" label={t.product.playautoSku}><Input maxLength={maxLen(limits, 'product.playauto_sku')} /></Form.Item>
          </Col>
        </Row>
        <Form.Item name="name" label={t.product.name} rules={[{ required: true, whitespace: true, message: t.common.required }]}>
          <Input maxLength={maxLen(limits, 'product.name')} id="name" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t.product.category}>
              <AutoComplete options={cats.map((c) => ({ value: c }))} filterOption={(i, o) => !!o?.value.includes(i)} maxLength={maxLen(limits, 'product.category')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="manufacturer" label={t.product.manufacturer} tooltip={t.product.manufacturerHelp}>
              <AutoComplete options={makers.map((m) => ({ value: m }))} filterOption={(i, o) => !!o?.value.includes(i)} id="manufacturer" maxLength={maxLen(limits, 'product.manufacturer')} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="supplier_id" label={t.product.supplier}>
              <Select allowClear showSearch optionFilterProp="label" options={suppliers.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="barcode" label={t.product.barcode}><Input maxLength={maxLen(limits, 'product.barcode')} /></Form.Item>
          </Col>
        </Row>
        <Form.Item name="kind" label={t.product.kind}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'single', label: t.product.single }, { value: 'set', label: t.product.set }]} />
        </Form.Item>
        {kind === 'set' && (
          <>
            <Divider orientation="left" plain>{t.product.components}</Divider>
            <Form.List name="components">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'sku']} rules={[{ required: true, message: t.common.required }]} style={{ width: 300, maxWidth: '60vw' }}>
                        <Select showSearch filterOption={false} onSearch={setCompSearch} placeholder={t.product.sku}
                          options={compOptions.map((p) => ({ value: p.sku, label: `${p.sku} · ${p.name}` }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'qty']} rules={[{ required: true, message: t.common.required }]}>
                        <InputNumber min={1} precision={0} addonAfter="개" style={{ width: 120 }} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ qty: 1 })}>{t.product.addComponent}</Button>
                </>
              )}
            </Form.List>
          </>
        )}
        <Divider orientation="left" plain>{t.product.stockPolicy}</Divider>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="safety_stock" label={t.product.safetyStock} rules={[{ type: 'number', min: 0, message: '0 이상이어야 합니다.' }]}>
              <InputNumber {...numberInput} min={0} addonAfter="개" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="lead_time_days" label={t.product.leadTime} tooltip="비워 두면 공급처의 리드타임을 씁니다." rules={[{ type: 'number', min: 0, max: 730, message: '0~730일 사이여야 합니다.' }]}>
              <InputNumber {...numberInput} min={0} addonAfter="일" placeholder={t.product.leadTimeFromSupplier} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="moq" label={t.product.moq} tooltip={t.product.moqHelp} rules={[{ type: 'number', min: 1, message: t.product.moqMin }, { type: 'number', max: 1000000, message: t.product.moqMax }]}>
              {/* min 0, not 1: a typed 0 stays and gets the message instead of silently becoming 1 */}
              <InputNumber {...numberInput} min={0} addonAfter="개" placeholder={t.common.none} data-testid="product-moq" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="unit_cost" label={t.product.unitCost} rules={[{ type: 'number', min: 0, message: '0 이상이어야 합니다.' }]}>
              <InputNumber {...numberInput} min={0} addonAfter="원" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="has_expiry" label={t.product.hasExpiry} valuePropName="checked"><Switch /></Form.Item>
          </Col>
        </Row>
        <ProductPlanningFields />
        <Divider orientation="left" plain>{t.product.channelCodes}</Divider>
        <Form.List name="channel_codes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'channel']} rules={[{ required: true, message: t.common.required }]} style={{ width: 150 }}>
                    <Select options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))} placeholder={t.product.channel} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'code']} rules={[{ required: true, whitespace: true, message: t.common.required }]}>
                    <Input placeholder={t.product.code} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add()}>{t.product.addChannel}</Button>
            </>
          )}
        </Form.List>
        <Divider />
        <Form.Item name="active" label={t.product.status} valuePropName="checked">
          <Switch checkedChildren={t.product.statusActive} unCheckedChildren={t.product.statusInactive} />
        </Form.Item>
        <Form.Item name="memo" label={t.common.memo}><Input.TextArea rows={3} maxLength={maxLen(limits, 'product.memo')} /></Form.Item>
      </Form>
    </Drawer>
  );
}
