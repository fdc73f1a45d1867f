import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
// Dark variables apply under <html class="dark">, which the wall sets.
import 'element-plus/theme-chalk/dark/css-vars.css'
import './styles/main.css'
import App from './App.vue'
import AccessView from './views/AccessView.vue'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import { startEngine } from './api/engine'
import { browserSessionEnvironment, resolveSession } from './api/session'
import { storedOperatorToken } from './stores/auth'

const root = document.documentElement
root.lang = i18n.global.locale.value

const session = resolveSession(browserSessionEnvironment())

if (!session) {
  // No token anywhere: explain how to open the page (the host prints the URL with the token).
  root.dataset.appState = 'offline'
  createApp(AccessView, { reason: 'noToken' }).use(i18n).mount('#app')
} else {
  // A workstation tab that signed an operator in keeps its session across reloads.
  startEngine(session, session.windowRole === 'workstation' ? storedOperatorToken() : null)
  const router = createAppRouter()
  // An Electron wall window opens on the wall page unless told otherwise.
  if (session.windowRole === 'wall' && (location.hash === '' || location.hash === '#/')) void router.replace('/wall')
  createApp(App).use(createPinia()).use(router).use(i18n).use(ElementPlus).mount('#app')
}
