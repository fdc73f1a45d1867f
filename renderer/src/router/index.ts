import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import WorkstationView from '../views/WorkstationView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** 'wall' pages take the whole screen (no header, no status bar). */
    layout?: 'workstation' | 'wall'
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'workstation',
    component: WorkstationView,
    meta: { layout: 'workstation' },
    children: [
      // The detail opens beside the live list; the URL can be shared or reloaded.
      { path: 'events/:id', name: 'event', component: () => import('../views/EventDetailPane.vue'), props: true },
    ],
  },
  {
    path: '/quarantine',
    name: 'quarantine',
    component: () => import('../views/QuarantineView.vue'),
    meta: { layout: 'workstation' },
  },
  { path: '/wall', name: 'wall', component: () => import('../views/WallView.vue'), meta: { layout: 'wall' } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
