// Entry point: antd in Korean (ko_KR), the brand theme, the session, the organisation and the router.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import koKR from 'antd/es/locale/ko_KR';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/ko';
import { AuthProvider } from './auth';
import { OrgProvider } from './org';
import { currentLang } from './i18n';
import App from './App';
import './styles.css';

const lang = currentLang();
dayjs.locale(lang === 'en' ? 'en' : 'ko');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={lang === 'en' ? enUS : koKR}
      theme={{
        token: {
          colorPrimary: '#1d4ed8',
          borderRadius: 8,
          fontFamily: "Pretendard, -apple-system, BlinkMacSystemFont, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Malgun Gothic', NanumGothic, 'Segoe UI', sans-serif",
          colorBgLayout: '#f4f6fa',
        },
        components: {
          Layout: { siderBg: '#0f172a', headerBg: '#ffffff' },
          Menu: { darkItemBg: '#0f172a', darkSubMenuItemBg: '#0b1222', darkItemSelectedBg: '#1d4ed8' },
          Table: { headerBg: '#f8fafc' },
        },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <OrgProvider>
              <App />
            </OrgProvider>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
