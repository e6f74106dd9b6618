import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { useApi } from './api';
import { followTalkCues } from './audio/talk-cues';
import './styles.css';

createApp(App).use(createPinia()).mount('#app');
followTalkCues(useApi());
