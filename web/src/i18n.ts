// Every user-facing string of the web app lives here, Korean first. Screens read `t`;
// an English table can replace any part of it (set localStorage 'jaego.lang' = 'en').
// Words follow the sellers' vocabulary (입고/출고/조정, 현재 재고, 안전재고, 리드타임 ...).

const ko = {
  app: { name: '재고', tagline: '소규모 셀러를 위한 재고·수요예측', short: '재고 · 발주 관리', loading: '불러오는 중…', quickSearch: 'SKU·상품명으로 찾기' },
  nav: {
    products: '상품', movements: '입출고 내역', suppliers: '공급처', templates: '입출고 엑셀',
    imports: '업로드 내역', members: '회원 관리', audit: '감사 로그', account: '내 계정',
    logout: '로그아웃', inventory: '재고', excel: '엑셀', admin: '관리', menu: '메뉴', settings: '회사 설정',
    events: '행사 일정', purchaseOrders: '발주', alerts: '알림', suggested: '추천 발주',
  },
  role: { master: '마스터', manager: '매니저', staff: '스태프', viewer: '뷰어' } as Record<string, string>,
  roleHelp: {
    master: '모든 기능 + 회원 관리, 감사 로그, 회사 설정', manager: '상품·공급처 관리, 일괄 되돌리기',
    staff: '입고·출고·재고 실사, 엑셀 업로드, 오늘 직접 등록한 입출고 되돌리기', viewer: '조회만 가능',
  } as Record<string, string>,
  common: {
    save: '저장', cancel: '취소', create: '등록', edit: '수정', delete: '삭제', search: '검색',
    reset: '초기화', close: '닫기', confirm: '확인', all: '전체', yes: '예', no: '아니오',
    actions: '작업', memo: '메모', date: '날짜', detail: '상세', refresh: '새로고침',
    active: '사용', inactive: '사용 안 함', export: '내보내기', total: (n: string) => `총 ${n}건`,
    // Counted things take their own counter word: 상품 12개, 회원 3명, 공급처 5곳.
    count: (n: string, unit: string) => `총 ${n}${unit}`,
    none: '없음', required: '필수 입력입니다.', days: (n: string) => `${n}일`, pcs: (n: string) => `${n}개`,
    won: (n: string) => `${n}원`, back: '목록으로', saved: '저장했습니다.',
  },
  login: {
    title: '로그인', subtitle: '재고 관리와 발주를 한 곳에서', login: '아이디', password: '비밀번호',
    submit: '로그인', loginRequired: '아이디를 입력하세요.', passwordRequired: '비밀번호를 입력하세요.',
    failed: '아이디 또는 비밀번호가 올바르지 않습니다.', locked: (s: string) => `로그인 시도가 너무 많습니다. ${s}초 후 다시 시도하세요.`,
    expired: '로그인이 만료되었습니다. 다시 로그인하세요.',
  },
  errors: {
    network: '서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.', unknown: '요청을 처리하지 못했습니다.',
    forbidden: '이 작업을 할 권한이 없습니다.', notFound: '페이지를 찾을 수 없습니다.',
    forbiddenScreen: (role: string, only: boolean) => `이 화면은 ${role}${only ? '만' : ' 이상만'} 쓸 수 있습니다.`,
  },
  product: {
    list: '상품 목록', sku: 'SKU', playautoSku: '플레이오토 SKU', name: '상품명', category: '카테고리',
    kind: '구분', set: '세트', single: '단품', supplier: '공급처', manufacturer: '제조사', onHand: '현재 재고', available: '가용 재고',
    safetyStock: '안전재고', safetyMode: '안전재고 방식', safetyManual: '직접 입력', safetyAuto: '자동 계산',
    leadTime: '리드타임', leadTimeFromSupplier: '공급처 기준', moq: '최소 주문 수량 (MOQ)', moqShort: 'MOQ',
    unitCost: '매입 단가', barcode: '바코드', status: '상태', hasExpiry: '소비기한 (유통기한) 관리',
    components: '세트 구성품', inSets: '이 상품이 들어가는 세트', componentQty: '수량', addComponent: '구성품 추가', channelCodes: '채널 상품코드',
    channel: '채널', code: '코드', addChannel: '채널 코드 추가',
    searchPlaceholder: 'SKU, 상품명, 바코드 검색', lowStock: '안전재고 미만만', soldOut: '품절',
    nearSoldOut: '품절 임박', normal: '정상', new: '상품 등록', editTitle: '상품 수정',
    created: '상품을 등록했습니다.', updated: '상품을 수정했습니다.', deleted: '상품을 삭제했습니다.',
    deactivated: '입출고 내역이 있어 삭제 대신 사용 안 함으로 바꿨습니다.',
    deleteConfirm: '이 상품을 삭제할까요? 입출고 내역이 있으면 사용 안 함으로 바뀝니다.',
    exportXlsx: '엑셀 내보내기', importXlsx: '엑셀 일괄 등록', importHelp: '상품표 엑셀(.xlsx)을 올리면 전부 반영하거나, 오류가 있으면 아무것도 바꾸지 않습니다.',
    imported: '상품표를 반영했습니다.', history: '입출고 내역', stockChart: '재고 추이',
    noHistory: '아직 입출고 내역이 없습니다.', statusActive: '사용 중', statusInactive: '사용 안 함',
    statusAll: '전체 상태', basic: '기본 정보', stockPolicy: '재고·발주 기준', setOnHandNote: '세트 재고는 구성품 재고로 계산됩니다.',
    skuPattern: 'SKU는 영문, 숫자, -, _ 만 쓸 수 있습니다.',
    moqMin: '최소 주문 수량은 1개 이상이어야 합니다.', moqMax: '최소 주문 수량은 1,000,000개 이하여야 합니다.',
    moqHelp: '한 번에 주문해야 하는 최소 수량입니다 (1개 이상).',
    manufacturerHelp: '상품을 만든 회사입니다. 사 오는 곳(공급처)과 다를 수 있습니다.',
  },
  movement: {
    inbound: '입고', outbound: '출고', adjust: '조정', reversal: '되돌리기', move: '이동', stocktake: '재고 실사',
    type: '구분', qty: '수량', countedQty: '실사 수량', date: '일자', memo: '메모', lot: '로트',
    expiry: '소비기한', source: '출처', member: '담당자', createdAt: '기록 시각', result: '처리 후 재고',
    sources: { manual: '직접 입력', import: '엑셀 업로드', purchase_order: '발주 입고', channel: '판매 채널', demo: '데모' } as Record<string, string>,
    inboundTitle: '입고 등록', outboundTitle: '출고 등록', adjustTitle: '재고 실사 (조정)',
    adjustHelp: '실제로 센 수량을 입력하면 차이만큼 조정으로 기록됩니다.',
    recorded: (kind: string, n: string) => `${kind} 처리했습니다. 현재 재고 ${n}개`,
    // Reversing a movement is "되돌리기" everywhere (as 일괄 되돌리기 of an upload): the ledger
    // keeps the original and records the opposite quantity.
    reverse: '되돌리기', reverseTitle: '이 입출고를 되돌릴까요?',
    reverseConfirm: '같은 수량의 반대 기록이 남고, 원래 기록은 그대로 보관됩니다.', reversed: (n: string) => `되돌렸습니다. 현재 재고 ${n}개`,
    reversedBy: (id: string) => `되돌림: #${id}`, reverses: (id: string) => `#${id} 되돌리기`,
    qtyRequired: '수량을 입력하세요.', qtyInteger: '수량은 소수점 없는 정수로 입력하세요 (예: 5).',
    qtyMin: '수량은 1개 이상으로 입력하세요. 출고도 양수로 입력합니다 (예: 5).',
    countMin: '실사 수량은 0개 이상으로 입력하세요.', qtyMax: (n: string) => `한 번에 ${n}개까지 입력할 수 있습니다.`,
    fromSet: (sku: string) => `세트 ${sku}`, list: '입출고 내역', filterSku: 'SKU',
    over: '현재 재고보다 많이 출고할 수 없습니다.', product: '상품',
    expiryUnknown: '소비기한 모름', expiryRequired: '소비기한 관리 상품입니다. 소비기한을 입력하거나 \'소비기한 모름\'을 고르세요.',
    expiryUnknownWarn: '소비기한 없이 입고합니다. 이 수량은 소비기한 임박 알림에서 빠지니 실물의 소비기한을 꼭 확인해 주세요.',
    expiryUnknownTag: '소비기한을 모르고 입고한 수량입니다.', expiryManaged: '소비기한 관리 상품',
  },
  supplier: {
    list: '공급처 목록', name: '공급처명', contact: '담당자', phone: '연락처', email: '이메일',
    contactHelp: '담당자 이름만 적습니다. 전화번호는 연락처, 이메일은 이메일 칸에 넣으세요.',
    leadTime: '기본 리드타임', moq: '기본 MOQ', memo: '메모', new: '공급처 등록', editTitle: '공급처 수정',
    created: '공급처를 등록했습니다.', updated: '공급처를 수정했습니다.', products: '상품 수',
  },
  event: {
    title: '행사 일정', sub: '프로모션·라이브 커머스·채널 행사처럼 판매가 달라지는 날입니다. 수요예측이 행사 기간의 변화를 배웁니다.',
    date: '날짜', name: '행사명', kind: '종류', channel: '채널', window: '영향 기간', memo: '메모',
    kinds: { promotion: '프로모션', live: '라이브 커머스', channel_sale: '채널 행사', shipping_stop: '자체 배송 중단', other: '기타' } as Record<string, string>,
    channels: { coupang: '쿠팡', smartstore: '스마트스토어', ownmall: '자사몰' } as Record<string, string>,
    allChannels: '전체 채널', daysBefore: '행사 전 영향', daysAfter: '행사 후 영향',
    windowHelp: '판매가 행사 며칠 전부터 며칠 후까지 달라지는지 (각 0~14일)',
    before: (n: number) => `${n}일 전`, after: (n: number) => `${n}일 후`, sameDay: '당일', onlyDay: '당일만',
    upcoming: '다가오는 행사', past: '지난 행사', all: '전체',
    new: '행사 등록', editTitle: '행사 수정', created: '행사를 등록했습니다.', updated: '행사를 수정했습니다.',
    deleted: '행사를 삭제했습니다.', deleteConfirm: '이 행사를 삭제할까요? 이후 예측에 반영되지 않습니다.',
    exportCsv: 'CSV 내보내기', empty: '등록된 행사가 없습니다.', nameRequired: '행사 이름을 입력하세요.',
    dateRequired: '날짜를 고르세요.', dateRange: '2015-01-01부터 2035-12-31까지의 날짜만 넣을 수 있습니다.',
  },
  plan: {
    rule: '안전재고 계산 방식', ruleManual: '직접 입력', ruleForecast: '예측 × 리드타임', ruleService: '서비스 수준',
    ruleHelp: '직접 입력: 적은 수량 그대로 / 예측 × 리드타임: 30일 예측(없으면 월 수요) × 리드타임 ÷ 30 / 서비스 수준: 리드타임 동안의 출고가 그 확률로 넘지 않는 양',
    monthlyDemand: '월 수요 (30일 출고량)', monthlyDemandHelp: '예측이 아직 없을 때 안전재고와 추천 발주량에 씁니다.',
    orderMultiple: '발주 단위', orderMultipleHelp: '이 수량의 배수로만 발주합니다 (예: 한 박스 24개). 비우면 낱개.',
    serviceLevel: '서비스 수준 (%)', serviceLevelHelp: '비우면 회사 설정의 기본값을 씁니다 (50~99.9%).',
    serviceLevelRange: '50% 이상 99.9% 이하로 입력해 주세요.', multipleMin: '1 이상이어야 합니다.',
    card: '재고 계획', cardSub: (d: string) => `${d} 기준`, forecastBasis: '예측 기준', monthlyBasis: '입력한 월 수요 기준',
    forecast30: '30일 예측', forecast90: '90일 예측', depletion: '예상 소진일', noDepletion: '90일 안에 소진되지 않음',
    reorder: '발주 알림', reorderNeeded: '발주 필요', reorderNotYet: '아직 필요 없음', orderBy: '발주 기한',
    suggestedQty: '추천 발주량', expectedArrival: '입고 예정일', overstock: '과잉 재고', expiryRisk: '소비기한 위험',
    expiryNear: (n: string, d: number) => `${d}일 안에 소비기한이 끝나는 재고 ${n}`,
    expiryUnsold: '예측상 소비기한 전에 팔지 못할 재고', openQty: '입고 예정', none: '없음', overridden: '수정됨',
    setNote: '세트 상품은 구성 상품별로 계획합니다.', cannot: '계산할 수 없는 항목',
    urgency: { later: '발주 예정', today: '오늘 발주', overdue: '발주 늦음' } as Record<string, string>,
    settings: '재고 계획 기준', settingsSub: '발주 알림, 소비기한 알림, 발주 주기와 기본 서비스 수준입니다. 모든 상품의 계획 수치에 바로 적용됩니다.',
    orderAlertDays: '발주 알림 (며칠 전)', orderAlertHelp: '안전재고 아래로 떨어지기 이 일수 전부터 발주 알림을 띄웁니다.',
    expiryAlertDays: '소비기한 알림 (며칠 전)', expiryAlertHelp: '소비기한이 이 일수 안에 끝나는 재고를 알립니다.',
    reviewDays: '발주 주기 (일)', reviewHelp: '다음 발주까지의 일수입니다. 추천 발주량이 이만큼 더 덮습니다.',
    defaultService: '기본 서비스 수준 (%)', days: '일',
    defaultServiceHelp: '안전재고를 서비스 수준으로 계산하는 상품이 따로 정하지 않으면 이 값을 씁니다 (50~99.9%).',
  },
  suggested: {
    title: '추천 발주', sub: '발주 알림이 뜬 상품을 공급처별로 모았습니다. 수량을 고치고 고른 줄로 발주서(작성 중)를 만드세요.',
    empty: '지금 발주할 상품이 없습니다.', noSupplier: '공급처 없음', qty: '발주 수량', why: '추천 이유',
    make: '발주서 만들기', made: (n: number) => `발주서 ${n}건을 작성 중으로 만들었습니다.`, download: '엑셀 받기',
    select: '발주서에 넣을 줄을 고르세요.', needSupplier: '공급처가 없는 상품은 상품에 공급처를 정한 뒤 발주하세요.',
    total: (n: string, a: string) => `합계 ${n}${a ? ` · ${a}` : ''}`, computed: (n: string) => `추천 ${n}`,
    moq: '최소 주문 수량', multiple: '발주 단위', lead: '리드타임', arrival: '입고 예정', orderBy: '발주 기한',
  },
  po: {
    title: '발주', sub: '공급처에 보내는 발주서와 입고 예정입니다. 입고하면 재고가 늘고 실제 리드타임이 기록됩니다.',
    number: '번호', supplier: '공급처', items: '상품', status: '상태', orderDate: '발주일', expectedDate: '입고 예정일',
    qty: '수량', received: '입고', remaining: '남은 수량', unitCost: '매입 단가', amount: '금액', memo: '메모',
    statuses: { draft: '작성 중', ordered: '발주 완료', partial: '일부 입고', received: '입고 완료', cancelled: '취소' } as Record<string, string>,
    allStatuses: '전체 상태', open: '진행 중 (발주 완료·일부 입고)', andMore: (name: string, n: number) => (n > 1 ? `${name} 외 ${n - 1}건` : name),
    new: '새 발주서', editTitle: '발주서 수정', created: '발주서를 만들었습니다.', updated: '발주서를 수정했습니다.',
    empty: '발주서가 없습니다.', detailTitle: (id: number) => `발주서 #${id}`, lines: '발주 상품', receipts: '입고 내역',
    addLine: '상품 추가', product: '상품', productPick: '상품을 고르세요.', supplierPick: '공급처를 고르세요.',
    qtyRequired: '수량을 입력하세요.', linesRequired: '상품을 한 개 이상 넣으세요.', costHint: '비워 두면 상품의 매입 단가',
    expectedHelp: '비워 두면 발주할 때 발주일 + 공급처 리드타임으로 정합니다.',
    send: '발주하기', sendConfirm: '오늘 날짜로 발주할까요? 발주한 뒤에는 수정할 수 없습니다.', sent: '발주했습니다.',
    cancel: '발주 취소', cancelConfirm: '이 발주를 취소할까요? 입고 예정에서 빠집니다.', cancelled: '발주를 취소했습니다.',
    close: '입고 마감', closeConfirm: '남은 수량은 더 받지 않고 이 발주를 마감할까요?', closed: '입고를 마감했습니다.',
    closedShort: '입고 마감', reason: '사유', export: '발주서 엑셀',
    receive: '입고', receiveTitle: (id: number) => `발주서 #${id} 입고`, receiveDate: '입고일', receiveQty: '입고 수량',
    lot: '로트', expiry: '소비기한 (유통기한)', lotRequired: '로트를 입력하세요.', expiryRequired: '소비기한을 입력하세요.',
    receiveHelp: '실제로 받은 수량을 입력하세요. 0이면 이번에 받지 않은 상품입니다. 소비기한 관리 상품은 로트와 소비기한이 필요합니다.',
    receiveNothing: '입고할 수량을 한 개 이상 입력하세요.', receivedMsg: (n: string) => `입고 처리했습니다. ${n}개가 재고에 더해졌습니다.`,
    alreadyReceived: '이미 처리된 입고입니다. 재고는 한 번만 늘었습니다.',
    keyReused: '이 창에서 먼저 보낸 입고가 이미 처리되었습니다. 입고 내역을 확인하고, 더 받을 것이 있으면 입고를 다시 여세요.',
    leadDays: (n: number) => `리드타임 ${n}일`, by: '담당자', createdBy: '작성', orderedBy: '발주한 사람', closedBy: '취소·마감한 사람',
    notSent: '발주 전', dLeft: (n: number) => (n > 0 ? `D-${n}` : n === 0 ? '오늘' : `${-n}일 지남`),
    openOrders: '진행 중인 발주', noOpenOrders: '진행 중인 발주가 없습니다.', expectedIn: '입고 예정',
    leadTimes: '실제 리드타임', currentLead: '지금 쓰는 리드타임', leadNone: '없음', fromSupplier: '공급처 기준', fromProduct: '상품에 입력',
    median: '중앙값', range: '범위', middle: '중간 50%', deliveries: (n: number) => `입고 ${n}회`, allSuppliers: '전체 공급처',
    apply: '적용', applyConfirm: (n: number) => `이 상품의 리드타임을 ${n}일로 바꿀까요?`, applied: (n: number) => `리드타임을 ${n}일로 바꿨습니다.`,
    leadShort: '입고 기록이 3번 이상 쌓이면 리드타임을 계산합니다.', noReceipts: '아직 입고된 발주가 없습니다.',
    suggested: '추천', orderedShort: '발주', remainingOf: (left: string, qty: string) => `남은 수량 ${left}개 (발주 ${qty}개)`,
  },
  template: {
    title: '입출고 엑셀', intro: '템플릿을 내려받아 입고·출고 수량을 채우고 올리세요. 적용하기 전에 미리보기로 모든 행을 확인합니다.',
    step1: '템플릿 다운로드', step2: '엑셀 업로드', step3: '미리보기 확인', step4: '적용',
    download: '템플릿 다운로드', filterCategory: '카테고리', filterSupplier: '공급처',
    drop: '여기로 엑셀 파일을 끌어다 놓거나 클릭해서 선택하세요', dropHint: '템플릿 형식 그대로 저장한 .xlsx 또는 CSV 파일 하나',
    uploading: '업로드 중…', rows: '전체 행', valid: '정상', warnings: '경고', errors: '오류',
    errorList: '오류 — 고쳐서 다시 올려야 합니다', warningList: '경고 — 확인 후 적용할 수 있습니다',
    row: '행', column: '열', message: '내용', diff: '반영될 변경', onHand: '현재 재고', inbound: '입고',
    outbound: '출고', result: '처리 후 재고', apply: '적용', applyConfirm: '미리보기대로 재고에 반영할까요?',
    applied: '재고에 반영했습니다.', hasErrors: '오류가 있는 파일은 적용할 수 없습니다. 엑셀을 고쳐서 다시 올려 주세요.',
    alreadyApplied: '이미 적용된 파일입니다.', another: '다른 파일 올리기', file: '파일',
    negative: '재고 부족', noChanges: '변경되는 상품이 없습니다.', wholeFile: '파일 전체',
  },
  imports: {
    title: '업로드 내역', id: '번호', file: '파일명', status: '상태', createdAt: '올린 시각', by: '올린 사람',
    appliedAt: '적용 시각', rows: '행', statuses: { preview: '적용 대기', applied: '적용됨', reversed: '되돌림', rejected: '오류로 보류' } as Record<string, string>,
    reverse: '일괄 되돌리기', reverseConfirm: '이 업로드로 생긴 입출고를 모두 되돌릴까요?', reversed: '업로드를 되돌렸습니다.',
    detail: '업로드 상세', movements: '반영된 입출고', openPreview: '미리보기 열기', hash: '파일 해시',
    reversedAt: '되돌린 시각', appliedBy: '적용한 사람', reversedBy: '되돌린 사람', movementCount: '입출고 건수', preview: '미리보기',
  },
  members: {
    title: '회원 관리', login: '아이디', name: '이름', role: '권한', active: '상태', createdAt: '등록일',
    invite: '회원 추가', password: '초기 비밀번호', resetPassword: '비밀번호 재설정', newPassword: '새 비밀번호',
    disable: '비활성화', enable: '활성화', enabled: '사용 중', disabled: '비활성', you: '나',
    created: '회원을 추가했습니다.', updated: '회원 정보를 바꿨습니다.', passwordReset: '비밀번호를 재설정했습니다.',
    lastMaster: '마지막 마스터는 권한을 낮추거나 비활성화할 수 없습니다.', passwordMin: '비밀번호는 8자 이상이어야 합니다.',
    disableConfirm: (n: string) => `${n} 님을 비활성화할까요? 로그인할 수 없게 됩니다.`,
  },
  audit: {
    title: '감사 로그', at: '시각', member: '회원', kind: '종류', entity: '대상', summary: '내용',
    period: '기간', exportCsv: 'CSV 내보내기', exportXlsx: '엑셀 내보내기', kindPlaceholder: '종류',
    ip: '접속 IP', before: '변경 전', after: '변경 후', removed: '삭제', none: '(없음)', more: (n: string) => `외 ${n}개 항목`,
    // The kinds for the filter, in the words the server renders them with (src/audit_text.c).
    kinds: {
      'session.login': '로그인', 'session.logout': '로그아웃', 'session.login_failed': '로그인 실패', 'session.locked': '로그인 잠김',
      'user.create': '회원 추가', 'user.role': '권한 변경', 'user.name': '이름 변경', 'user.disable': '회원 비활성화', 'user.enable': '회원 활성화',
      'user.password': '비밀번호 변경', 'user.password_reset': '비밀번호 재설정',
      'product.create': '상품 등록', 'product.update': '상품 수정', 'product.delete': '상품 삭제', 'product.deactivate': '상품 사용 중지', 'product.import': '상품표 일괄 등록',
      'supplier.create': '공급처 등록', 'supplier.update': '공급처 수정',
      'movement.create': '입출고 기록', 'movement.reverse': '입출고 되돌리기',
      'import.upload': '엑셀 업로드', 'import.apply': '엑셀 적용', 'import.reverse': '엑셀 되돌리기',
      'org.update': '회사 설정 변경',
      'event.create': '행사 등록', 'event.update': '행사 수정', 'event.delete': '행사 삭제',
      'forecast_run.create': '수요 예측 실행',
      'purchase_order.create': '발주서 작성', 'purchase_order.update': '발주서 수정', 'purchase_order.order': '발주',
      'purchase_order.receive': '발주 입고', 'purchase_order.cancel': '발주 취소', 'purchase_order.close': '입고 마감',
    } as Record<string, string>,
    groups: { session: '로그인', user: '회원', product: '상품', supplier: '공급처', movement: '입출고', import: '엑셀 업로드', org: '회사 설정', event: '행사', purchase_order: '발주', forecast_run: '수요 예측' } as Record<string, string>,
  },
  org: {
    title: '회사 설정', sub: '상점 이름, 재고 규칙, 야간 수요 예측 시각은 이 회사의 모든 회원에게 적용됩니다.',
    name: '상점 이름', nameHelp: '화면 왼쪽 위와 내보낸 파일에 쓰이는 이름입니다.',
    nameRequired: '상점 이름을 입력하세요.', nameTooLong: '상점 이름은 50자 이내로 입력하세요.',
    stockRules: '재고 규칙', allowNegative: '재고가 0 아래로 내려가는 출고 허용',
    allowNegativeOff: '지금은 현재 재고보다 많이 출고하면 등록을 막습니다. 엑셀 업로드 미리보기에서도 재고 부족은 오류로 표시되어 적용할 수 없습니다.',
    allowNegativeOn: '현재 재고보다 많이 출고해도 등록되어 재고가 마이너스(-)로 표시됩니다. 엑셀 업로드의 재고 부족은 경고로만 표시됩니다.',
    allowNegativeRisk: '주의: 허용하면 입고 등록을 빠뜨리거나 수량을 잘못 입력해도 막히지 않아 실제 재고와 장부가 어긋날 수 있고, 없는 재고를 판매(과다 판매)하게 될 수 있습니다. 입고가 늦게 등록되는 경우처럼 꼭 필요할 때만 켜고, 재고 실사로 자주 맞춰 주세요.',
    saved: '회사 설정을 저장했습니다.', unchanged: '바뀐 내용이 없습니다.', createdAt: '가입일',
    forecast: '수요 예측', forecastHour: '야간 예측 시각 (한국 시간)',
    forecastHourHelp: '매일 이 시각에 모든 상품의 90일 수요 예측을 새로 계산하고 예측 모델을 다시 학습합니다. 주문이 적은 새벽 시간을 권합니다.',
    hour: (h: number) => `매일 ${String(h).padStart(2, '0')}:00`,
  },
  alerts: {
    title: '알림', sub: '발주 알림, 재고 부족, 과잉 재고, 소비기한 알림은 재고와 예측이 바뀌면 스스로 열리고, 조건이 끝나면 스스로 닫힙니다.',
    all: '전체', history: '지난 알림', kind: { order: '발주 알림', stockout: '재고 부족', overstock: '과잉 재고', expiry: '소비기한' } as Record<string, string>,
    severity: { critical: '긴급', warning: '주의', info: '참고' } as Record<string, string>,
    message: '알림', figures: '수치', opened: '열린 시각', closed: '닫힌 시각', state: '상태',
    ack: '확인', acked: (who: string) => `${who} 확인`, snooze: '다시 알림', snoozedUntil: (w: string) => `${w}까지 숨김`,
    snooze1h: '1시간 후', snoozeTomorrow: '내일 오전 9시', snooze3d: '3일 후', snooze1w: '1주일 후', snoozePick: '날짜·시각 선택',
    snoozePickTitle: '다시 알림 시각', includeSnoozed: '다시 알림 대기 중인 알림도 보기',
    refresh: '지금 다시 계산', refreshed: (o: number, c: number) => `새 알림 ${o}건, 닫힌 알림 ${c}건`,
    empty: '열린 알림이 없습니다.', emptyHistory: '지난 알림이 없습니다.', resolved: '해결됨', ackedState: '확인함', open: '열림',
    qty: (n: string) => `${n}개`, value: (n: string) => `${n}원`, orderBy: (d: string) => `발주 기한 ${d}`, depletion: (d: string) => `예상 소진일 ${d}`,
    ackDone: '확인했습니다.', snoozeDone: (w: string) => `${w}에 다시 알립니다.`, badge: (n: number) => `열린 알림 ${n}건`,
    settings: '알림 보내기', settingsSub: '알림이 열리면 바로, 그리고 매일 정한 시각에 열린 알림 요약을 웹훅(슬랙 등)과 메일로 보냅니다.',
    immediate: '알림이 열리면 바로 보내기', digest: '매일 요약 보내기', digestHour: '요약 보내는 시각 (한국 시간)',
    kinds: '보낼 알림 종류', webhook: '웹훅 주소 (슬랙 호환)', webhookHelp: 'https://hooks.slack.com/services/… 형식. 저장된 주소는 앞부분만 보입니다. 바꿀 때만 입력하세요.',
    webhookClear: '웹훅 주소 지우기', smtpUrl: '메일 서버 (SMTP)', smtpUrlHelp: '예: smtps://smtp.example.com:465 또는 smtp://smtp.example.com:587 (로그인하면 암호화 연결 필수)',
    smtpFrom: '보내는 사람 메일', smtpTo: '받는 사람 메일 (쉼표로 구분, 20명까지)', smtpUser: '메일 서버 아이디', smtpPassword: '메일 서버 비밀번호',
    passwordSet: '저장되어 있음 — 바꿀 때만 입력', passwordClear: '비밀번호 지우기',
    save: '알림 설정 저장', saved: '알림 설정을 저장했습니다.', test: '테스트 보내기', testOk: (ch: string) => `테스트 알림을 보냈습니다: ${ch}`,
    channel: { webhook: '웹훅', email: '메일' } as Record<string, string>,
    log: '최근 보낸 기록', logAt: '시각', logWhat: '종류', logResult: '결과', logKind: { alert: '알림', digest: '매일 요약', test: '테스트' } as Record<string, string>,
    logStatus: { pending: '재시도 대기', sent: '보냄', failed: '실패' } as Record<string, string>, attempts: (n: number) => `${n}회 시도`,
  },
  account: {
    title: '내 계정', info: '내 정보', changePassword: '비밀번호 변경', current: '현재 비밀번호',
    next: '새 비밀번호', nextAgain: '새 비밀번호 확인', mismatch: '새 비밀번호가 서로 다릅니다.',
    changed: '비밀번호를 바꿨습니다. 다른 기기의 로그인은 종료됩니다.', language: '언어',
  },
};

export type Messages = typeof ko;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (...a: never[]) => unknown ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

// English is a partial overlay: anything missing falls back to Korean.
const en: DeepPartial<Messages> = {
  app: { tagline: 'Inventory and demand planning for small sellers', short: 'Stock & purchasing', loading: 'Loading…', quickSearch: 'Find by SKU or name' },
  nav: {
    products: 'Products', movements: 'Stock movements', suppliers: 'Suppliers', templates: 'Excel in/out',
    imports: 'Upload history', members: 'Members', audit: 'Audit log', account: 'My account', logout: 'Log out',
    inventory: 'Inventory', excel: 'Excel', admin: 'Admin', menu: 'Menu', settings: 'Shop settings',
    events: 'Events',
  },
  login: { title: 'Log in', login: 'Login', password: 'Password', submit: 'Log in' },
};

function merge<T>(base: T, over: unknown): T {
  if (!over || typeof over !== 'object') return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    const b = out[k];
    out[k] = b && typeof b === 'object' && v && typeof v === 'object' ? merge(b, v) : v;
  }
  return out as T;
}

export type Lang = 'ko' | 'en';
export function currentLang(): Lang {
  try { return localStorage.getItem('jaego.lang') === 'en' ? 'en' : 'ko'; } catch { return 'ko'; }
}
export function setLang(l: Lang): void {
  try { localStorage.setItem('jaego.lang', l); } catch { /* private mode: stay on Korean */ }
  window.location.reload();
}

export const t: Messages = currentLang() === 'en' ? merge(ko, en) : ko;
