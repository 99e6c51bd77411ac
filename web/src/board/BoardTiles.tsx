// The board's headline tiles: what to order today, what runs out before a delivery could
// arrive, the money (or units) in overstock, stock near its 소비기한, and the open alerts.
// A click on a tile shows its list: the first four filter the table, the last opens 알림.
import { Card, Col, Row, Tooltip } from 'antd';
import { AlertOutlined, ClockCircleOutlined, DollarOutlined, ExperimentOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { AlertList, PlanSettings } from '../api';
import { t } from '../i18n';
import { num, won } from '../format';
import type { TileFigures, TileKey } from './rules';

interface TileProps {
  id: string; title: string; help: string; value: ReactNode; sub: ReactNode; icon: ReactNode;
  tone: string; active?: boolean; onClick: () => void;
}

function Tile({ id, title, help, value, sub, icon, tone, active, onClick }: TileProps) {
  return (
    <Card hoverable size="small" className={`board-tile board-tile-${tone}${active ? ' board-tile-active' : ''}`}
      onClick={onClick} data-testid={`tile-${id}`} role="button" aria-pressed={!!active}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') onClick(); }} tabIndex={0}>
      <Tooltip title={help} placement="bottom">
        <div className="board-tile-head">{icon}<span>{title}</span></div>
      </Tooltip>
      <div className="board-tile-value num" data-testid={`tile-${id}-value`}>{value}</div>
      <div className="board-tile-sub">{sub}</div>
    </Card>
  );
}

export default function BoardTiles({ figures, alerts, settings, showMoney, active, onPick, onAlerts }: {
  figures: TileFigures; alerts: AlertList | null; settings: PlanSettings | null; showMoney: boolean;
  active?: TileKey; onPick: (tile: TileKey) => void; onAlerts: () => void;
}) {
  const b = t.board;
  const f = figures;
  const c = alerts?.counts;
  const expiryDays = settings?.expiry_alert_days ?? 30;
  return (
    <Row gutter={[12, 12]} className="board-tiles">
      <Col xs={12} md={8} xl={5}>
        <Tile id="order_today" title={b.tiles.order_today} help={b.tileHelp.order_today} tone="red" icon={<ShoppingCartOutlined />}
          value={b.products(num(f.order_today.products))} sub={b.overdue(num(f.order_today.overdue))}
          active={active === 'order_today'} onClick={() => onPick('order_today')} />
      </Col>
      <Col xs={12} md={8} xl={5}>
        <Tile id="runs_out" title={b.tiles.runs_out} help={b.tileHelp.runs_out} tone="orange" icon={<ClockCircleOutlined />}
          value={b.products(num(f.runs_out.products))} sub={b.lateEvenNow(num(f.runs_out.lateEvenNow))}
          active={active === 'runs_out'} onClick={() => onPick('runs_out')} />
      </Col>
      <Col xs={24} sm={12} md={8} xl={5}>
        {showMoney
          ? <Tile id="overstock" title={b.tiles.overstock} help={b.tileHelp.overstock} tone="blue" icon={<DollarOutlined />}
              value={won(f.overstock.value ?? 0)} sub={`${b.products(num(f.overstock.products))} · ${b.units(num(f.overstock.units))}`}
              active={active === 'overstock'} onClick={() => onPick('overstock')} />
          : <Tile id="overstock" title={b.tiles.overstockUnits} help={b.tileHelp.overstockUnits} tone="blue" icon={<DollarOutlined />}
              value={b.products(num(f.overstock.products))} sub={b.units(num(f.overstock.units))}
              active={active === 'overstock'} onClick={() => onPick('overstock')} />}
      </Col>
      <Col xs={12} md={12} xl={5}>
        <Tile id="expiry_near" title={b.tiles.expiry_near} help={b.tileHelp.expiry_near(expiryDays)} tone="purple" icon={<ExperimentOutlined />}
          value={b.products(num(f.expiry_near.products))} sub={`${b.lots(num(f.expiry_near.lots))} · ${b.units(num(f.expiry_near.units))} · ${b.withinDays(expiryDays)}`}
          active={active === 'expiry_near'} onClick={() => onPick('expiry_near')} />
      </Col>
      <Col xs={12} md={12} xl={4}>
        <Tile id="alerts" title={b.tiles.alerts} help={b.tileHelp.alerts} tone="slate" icon={<AlertOutlined />}
          value={`${num(alerts?.total ?? 0)}건`} sub={c ? b.alertKinds(c.order, c.stockout, c.overstock, c.expiry) : ''}
          onClick={onAlerts} />
      </Col>
    </Row>
  );
}
