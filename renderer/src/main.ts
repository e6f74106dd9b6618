import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles/base.css';
import './styles/layout.css';
import './styles/status-bar.css';
import './styles/conversation.css';
import './styles/tasks.css';
import './styles/dialogs.css';
import './styles/settings.css';
import './styles/inspector.css';
import './styles/history.css';
import { useApi } from './api';
import { followTalkCues } from './audio/talk-cues';

createApp(App).use(createPinia()).mount('#app');
followTalkCues(useApi());
