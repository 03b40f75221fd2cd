// Vietnamese by default, English on request; the choice is kept in localStorage.
// Elements with data-i18n="key" get the text, data-i18n-placeholder / data-i18n-aria-label / data-i18n-title the
// attribute.

const LANG_KEY = 'poverty.lang';

const MESSAGES = {
  vi: {
    'app.title': 'Giảm nghèo bền vững — Bảng điều khiển',
    'app.district': 'Huyện Cao Lãnh',
    'commune.pageTitle': 'Báo cáo xã',
    'skip': 'Bỏ qua đến nội dung chính',
    'lang.switch': 'English',
    'lang.switchLabel': 'Switch to English',
    'login.title': 'Đăng nhập',
    'login.user': 'Tên đăng nhập',
    'login.password': 'Mật khẩu',
    'login.token': 'Hoặc dán mã JWT (bearer token)',
    'login.tokenLabel': 'Mã JWT',
    'login.submit': 'Đăng nhập',
    'login.wrong': 'Sai tên đăng nhập hoặc mật khẩu (hoặc mã không hợp lệ).',
    'login.expired': 'Phiên đăng nhập đã hết hoặc không hợp lệ. Vui lòng đăng nhập lại.',
    'login.noRole': 'Tài khoản này không có vai trò nào được xem báo cáo.',
    'login.missing': 'Nhập tên đăng nhập và mật khẩu, hoặc dán mã JWT.',
    'logout': 'Đăng xuất',
    'asOf': 'Số liệu tính đến ngày',
    'asOf.today': 'Hôm nay',
    'loading': 'Đang tải…',
    'error.forbidden': 'Vai trò của bạn không được xem mục này.',
    'error.notFound': 'Không tìm thấy: {detail}',
    'error.network': 'Không kết nối được máy chủ: {detail}',
    'error.other': 'Lỗi {status}: {detail}',
    'role.ADMIN': 'Quản trị',
    'role.DISTRICT_OFFICER': 'Cán bộ huyện',
    'role.COMMUNE_OFFICER': 'Cán bộ xã',
    'role.BANK_OFFICER': 'Cán bộ NHCSXH',
    'role.AUDITOR': 'Thanh tra',
    'scope.district': 'Toàn huyện',
    'scope.mine': 'Các xã của bạn',
    'kpi.poorRate': 'Tỷ lệ hộ nghèo',
    'kpi.nearPoorRate': 'Tỷ lệ hộ cận nghèo',
    'kpi.households': 'Tổng số hộ',
    'kpi.households.note': 'theo số liệu thống kê',
    'kpi.poorCount': '{count} hộ nghèo',
    'kpi.nearPoorCount': '{count} hộ cận nghèo',
    'kpi.reduction': 'Giảm bình quân mỗi năm',
    'kpi.reduction.note': 'mục tiêu ≥ {target} điểm %/năm ({from}–{to})',
    'kpi.reduction.none': 'chưa đủ năm để tính',
    'unit.points': 'điểm',
    'unit.millionVnd': 'triệu đồng',
    'kpi.met': 'Đạt',
    'kpi.notMet': 'Chưa đạt',
    'kpi.coverage': 'Bao phủ chính sách phổ cập',
    'kpi.coverage.note': '{covered}/{entitled} lượt hộ được hưởng',
    'kpi.loans': 'Dư nợ ưu đãi',
    'kpi.loans.note': 'quá hạn {overdue}',
    'trend.title': 'Tỷ lệ hộ nghèo, cận nghèo theo thời gian',
    'trend.scope': 'Phạm vi',
    'trend.note': 'Số liệu ngày 31/12 mỗi năm và ngày đã chọn; đường mục tiêu: giảm 1,5 điểm % mỗi năm.',
    'series.poor': 'Tỷ lệ hộ nghèo (%)',
    'series.nearPoor': 'Tỷ lệ hộ cận nghèo (%)',
    'series.target': 'Mục tiêu hộ nghèo (−1,5 điểm/năm)',
    'series.coverage': 'Tỷ lệ bao phủ (%)',
    'series.outstanding': 'Dư nợ (triệu đồng)',
    'series.overdue': 'Nợ quá hạn (triệu đồng)',
    'communes.title': 'Tỷ lệ theo xã',
    'communes.table': 'Các xã',
    'targets.title': 'Mục tiêu theo năm',
    'coverage.title': 'Bao phủ chính sách phổ cập',
    'coverage.target': 'Mục tiêu 100%',
    'loans.title': 'Dư nợ cho vay ưu đãi và nợ quá hạn',
    'table.show': 'Xem bảng số liệu',
    'col.date': 'Thời điểm',
    'col.year': 'Năm',
    'col.code': 'Mã',
    'col.commune': 'Xã / thị trấn',
    'col.households': 'Tổng số hộ',
    'col.poor': 'Hộ nghèo',
    'col.nearPoor': 'Hộ cận nghèo',
    'col.poorRate': 'Tỷ lệ nghèo',
    'col.nearPoorRate': 'Tỷ lệ cận nghèo',
    'col.change': 'Thay đổi so với 31/12 năm trước',
    'col.meritPoor': 'Hộ có công còn nghèo',
    'col.target': 'Mục tiêu',
    'col.reduction': 'Mức giảm',
    'col.met': 'Đạt mục tiêu',
    'col.coverage': 'Bao phủ',
    'col.policy': 'Chính sách',
    'col.entitled': 'Hộ thuộc diện',
    'col.covered': 'Hộ đã được hưởng',
    'col.rate': 'Tỷ lệ',
    'col.program': 'Chương trình',
    'col.active': 'Khoản vay đang hoạt động',
    'col.outstanding': 'Dư nợ',
    'col.overdueLoans': 'Khoản quá hạn',
    'col.overdueAmount': 'Số tiền quá hạn',
    'col.status': 'Tình trạng',
    'col.count': 'Số hộ',
    'col.head': 'Chủ hộ',
    'col.hamlet': 'Ấp / khóm',
    'col.since': 'Từ ngày',
    'col.members': 'Nhân khẩu',
    'col.flags': 'Ghi chú',
    'flag.merit': 'có công',
    'flag.minority': 'DTTS',
    'yes': 'Có',
    'no': 'Không',
    'none': 'Không có',
    'back': '← Về bảng điều khiển',
    'commune.missingCode': 'Thiếu mã xã trong địa chỉ (ví dụ commune.html?code=CL01).',
    'commune.notFound': 'Không tìm thấy xã {code}, hoặc bạn không được xem xã này.',
    'status.title': 'Hộ theo tình trạng',
    'households.title': 'Danh sách hộ',
    'households.filter': 'Lọc theo tình trạng',
    'households.all': 'Tất cả',
    'households.page': 'Trang {page}/{pages} — {total} hộ',
    'households.prev': '← Trước',
    'households.next': 'Sau →',
    'gaps.title': 'Hộ thuộc diện nhưng chưa được hưởng chính sách',
    'gaps.none': 'Không có hộ nào thiếu chính sách phổ cập.',
    'gaps.total': '{total} trường hợp cần xử lý',
    'periodic.title': 'Báo cáo định kỳ gửi huyện',
    'periodic.kind': 'Kỳ báo cáo',
    'periodic.month': 'Tháng',
    'periodic.quarter': 'Quý',
    'periodic.year': 'Năm',
    'periodic.period': 'Kỳ',
    'periodic.csv': 'Tải CSV (Excel)',
    'periodic.html': 'Mở bản in',
    'periodic.json': 'Tải JSON',
    'periodic.loading': 'Đang tạo báo cáo {period}…',
    'periodic.saved': 'Đã tải {file}.',
    'periodic.opened': 'Đã mở bản in báo cáo {period}.',
    'periodic.missing': 'Máy chủ chưa có báo cáo định kỳ ({detail}).',
    'statusName.UNCLASSIFIED': 'Chưa phân loại',
    'statusName.POOR': 'Hộ nghèo',
    'statusName.NEAR_POOR': 'Hộ cận nghèo',
    'statusName.NOT_POOR': 'Không nghèo',
    'policy.HEALTH_INSURANCE_FULL': 'BHYT hộ nghèo (100%)',
    'policy.HEALTH_INSURANCE_PARTIAL': 'Hỗ trợ BHYT hộ cận nghèo',
    'policy.ELECTRICITY_SUPPORT': 'Hỗ trợ tiền điện',
    'policy.TUITION_EXEMPTION': 'Miễn học phí',
    'policy.TUITION_REDUCTION': 'Giảm học phí',
    'policy.LEARNING_COST_SUPPORT': 'Hỗ trợ chi phí học tập',
    'policy.LEGAL_AID': 'Trợ giúp pháp lý',
    'policy.HOUSING_SUPPORT': 'Hỗ trợ nhà ở',
    'policy.VOCATIONAL_TRAINING': 'Đào tạo nghề',
    'policy.PRODUCTION_SUPPORT': 'Hỗ trợ sản xuất',
    'program.POOR_HOUSEHOLD': 'Cho vay hộ nghèo',
    'program.NEAR_POOR_HOUSEHOLD': 'Cho vay hộ cận nghèo',
    'program.NEWLY_ESCAPED_HOUSEHOLD': 'Cho vay hộ mới thoát nghèo',
  },
  en: {
    'app.title': 'Sustainable poverty reduction — Dashboard',
    'app.district': 'Cao Lanh district',
    'commune.pageTitle': 'Commune report',
    'skip': 'Skip to main content',
    'lang.switch': 'Tiếng Việt',
    'lang.switchLabel': 'Chuyển sang tiếng Việt',
    'login.title': 'Sign in',
    'login.user': 'User name',
    'login.password': 'Password',
    'login.token': 'Or paste a JWT bearer token',
    'login.tokenLabel': 'JWT',
    'login.submit': 'Sign in',
    'login.wrong': 'Wrong user name or password (or an invalid token).',
    'login.expired': 'Your session has ended or is not valid. Please sign in again.',
    'login.noRole': 'This account has no role that may read the reports.',
    'login.missing': 'Enter a user name and password, or paste a JWT.',
    'logout': 'Sign out',
    'asOf': 'Figures as of',
    'asOf.today': 'Today',
    'loading': 'Loading…',
    'error.forbidden': 'Your role may not see this.',
    'error.notFound': 'Not found: {detail}',
    'error.network': 'Cannot reach the server: {detail}',
    'error.other': 'Error {status}: {detail}',
    'role.ADMIN': 'Administrator',
    'role.DISTRICT_OFFICER': 'District officer',
    'role.COMMUNE_OFFICER': 'Commune officer',
    'role.BANK_OFFICER': 'Bank officer',
    'role.AUDITOR': 'Auditor',
    'scope.district': 'Whole district',
    'scope.mine': 'Your communes',
    'kpi.poorRate': 'Poor household rate',
    'kpi.nearPoorRate': 'Near-poor household rate',
    'kpi.households': 'Households',
    'kpi.households.note': 'recorded totals',
    'kpi.poorCount': '{count} poor households',
    'kpi.nearPoorCount': '{count} near-poor households',
    'kpi.reduction': 'Average yearly fall',
    'kpi.reduction.note': 'target ≥ {target} points a year ({from}–{to})',
    'kpi.reduction.none': 'not enough years yet',
    'unit.points': 'pts',
    'unit.millionVnd': 'million VND',
    'kpi.met': 'Met',
    'kpi.notMet': 'Not met',
    'kpi.coverage': 'Universal policy coverage',
    'kpi.coverage.note': '{covered}/{entitled} entitled households covered',
    'kpi.loans': 'Preferential loans outstanding',
    'kpi.loans.note': '{overdue} overdue',
    'trend.title': 'Poor and near-poor rates over time',
    'trend.scope': 'Scope',
    'trend.note': 'Figures as of 31 December of each year and the chosen date; target line: 1.5 points lower each year.',
    'series.poor': 'Poor rate (%)',
    'series.nearPoor': 'Near-poor rate (%)',
    'series.target': 'Poor rate target (−1.5 points a year)',
    'series.coverage': 'Coverage (%)',
    'series.outstanding': 'Outstanding (million VND)',
    'series.overdue': 'Overdue (million VND)',
    'communes.title': 'Rates by commune',
    'communes.table': 'Communes',
    'targets.title': 'Targets year by year',
    'coverage.title': 'Coverage of universal policies',
    'coverage.target': 'Target 100%',
    'loans.title': 'Preferential loans and overdue amounts',
    'table.show': 'Show the figures as a table',
    'col.date': 'Date',
    'col.year': 'Year',
    'col.code': 'Code',
    'col.commune': 'Commune',
    'col.households': 'Households',
    'col.poor': 'Poor',
    'col.nearPoor': 'Near-poor',
    'col.poorRate': 'Poor rate',
    'col.nearPoorRate': 'Near-poor rate',
    'col.change': 'Change since last 31 Dec',
    'col.meritPoor': 'Merit households still poor',
    'col.target': 'Target',
    'col.reduction': 'Fall',
    'col.met': 'Target met',
    'col.coverage': 'Coverage',
    'col.policy': 'Policy',
    'col.entitled': 'Entitled',
    'col.covered': 'Covered',
    'col.rate': 'Rate',
    'col.program': 'Programme',
    'col.active': 'Active loans',
    'col.outstanding': 'Outstanding',
    'col.overdueLoans': 'Overdue loans',
    'col.overdueAmount': 'Overdue amount',
    'col.status': 'Status',
    'col.count': 'Households',
    'col.head': 'Head of household',
    'col.hamlet': 'Hamlet',
    'col.since': 'Since',
    'col.members': 'Members',
    'col.flags': 'Notes',
    'flag.merit': 'merit',
    'flag.minority': 'ethnic minority',
    'yes': 'Yes',
    'no': 'No',
    'none': 'None',
    'back': '← Back to the dashboard',
    'commune.missingCode': 'The address names no commune (e.g. commune.html?code=CL01).',
    'commune.notFound': 'Commune {code} was not found, or you may not see it.',
    'status.title': 'Households by status',
    'households.title': 'Households',
    'households.filter': 'Filter by status',
    'households.all': 'All',
    'households.page': 'Page {page}/{pages} — {total} households',
    'households.prev': '← Previous',
    'households.next': 'Next →',
    'gaps.title': 'Entitled households lacking a universal policy',
    'gaps.none': 'No household lacks a universal policy.',
    'gaps.total': '{total} cases to act on',
    'periodic.title': 'Periodic report to the district',
    'periodic.kind': 'Report period',
    'periodic.month': 'Month',
    'periodic.quarter': 'Quarter',
    'periodic.year': 'Year',
    'periodic.period': 'Period',
    'periodic.csv': 'Download CSV (Excel)',
    'periodic.html': 'Open printable page',
    'periodic.json': 'Download JSON',
    'periodic.loading': 'Building the {period} report…',
    'periodic.saved': 'Downloaded {file}.',
    'periodic.opened': 'Opened the printable {period} report.',
    'periodic.missing': 'The server has no periodic report yet ({detail}).',
    'statusName.UNCLASSIFIED': 'Unclassified',
    'statusName.POOR': 'Poor',
    'statusName.NEAR_POOR': 'Near-poor',
    'statusName.NOT_POOR': 'Not poor',
    'policy.HEALTH_INSURANCE_FULL': 'Health insurance (full)',
    'policy.HEALTH_INSURANCE_PARTIAL': 'Health insurance (partial)',
    'policy.ELECTRICITY_SUPPORT': 'Electricity support',
    'policy.TUITION_EXEMPTION': 'Tuition exemption',
    'policy.TUITION_REDUCTION': 'Tuition reduction',
    'policy.LEARNING_COST_SUPPORT': 'Learning cost support',
    'policy.LEGAL_AID': 'Legal aid',
    'policy.HOUSING_SUPPORT': 'Housing support',
    'policy.VOCATIONAL_TRAINING': 'Vocational training',
    'policy.PRODUCTION_SUPPORT': 'Production support',
    'program.POOR_HOUSEHOLD': 'Poor households',
    'program.NEAR_POOR_HOUSEHOLD': 'Near-poor households',
    'program.NEWLY_ESCAPED_HOUSEHOLD': 'Newly escaped households',
  },
};

const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

export function lang() {
  const chosen = localStorage.getItem(LANG_KEY);
  return chosen === 'en' ? 'en' : 'vi';
}

export function setLang(next) {
  localStorage.setItem(LANG_KEY, next === 'en' ? 'en' : 'vi');
  applyI18n(document);
  document.dispatchEvent(new CustomEvent('langchange'));
}

/** The message for key in the current language, {name} replaced by vars.name; the key itself when unknown. */
export function t(key, vars) {
  const text = MESSAGES[lang()][key] ?? MESSAGES.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
}

/** A code's label (status, policy, programme, role), the code itself when the dictionary does not know it. */
export function label(kind, code) {
  const key = `${kind}.${code}`;
  return key in MESSAGES[lang()] || key in MESSAGES.vi ? t(key) : code;
}

export function applyI18n(root) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const [attribute, data] of [
    ['placeholder', 'i18nPlaceholder'],
    ['aria-label', 'i18nAriaLabel'],
    ['title', 'i18nTitle'],
  ]) {
    for (const el of root.querySelectorAll(`[data-${'i18n-' + attribute}]`)) {
      el.setAttribute(attribute, t(el.dataset[data]));
    }
  }
}

function locale() {
  return LOCALES[lang()];
}

export function number(value) {
  return new Intl.NumberFormat(locale()).format(Number(value));
}

/** A rate in percent (already ×100), 2 decimals. */
export function percent(value) {
  return (
    new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value)) +
    ' %'
  );
}

/** A signed difference in percentage points. */
export function points(value) {
  const n = Number(value);
  const text = new Intl.NumberFormat(locale(), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: 'exceptZero',
  }).format(n);
  return lang() === 'vi' ? `${text} điểm` : `${text} pts`;
}

export function vnd(value) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(
    Number(value),
  );
}

/** YYYY-MM-DD as dd/mm/yyyy (both languages: the way Vietnamese documents write dates). */
export function date(iso) {
  if (!iso) {
    return '';
  }
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** A decimal with 2 places (e.g. percentage points). */
export function decimal(value) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value));
}

/** An amount of VND in millions with one decimal, e.g. "173,3 triệu đồng" (for headline figures). */
export function millionVnd(value) {
  const millions = Number(value) / 1_000_000;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(millions)} ${t('unit.millionVnd')}`;
}
