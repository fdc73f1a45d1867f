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
  {
    path: '/duty-log',
    name: 'duty-log',
    component: () => import('../views/DutyLogView.vue'),
    meta: { layout: 'workstation' },
  },
  {
    path: '/wall-rotation',
    name: 'wall-rotation',
    component: () => import('../views/wall/WallRotationView.vue'),
    meta: { layout: 'workstation' },
  },
  {
    path: '/operators',
    name: 'operators',
    component: () => import('../views/OperatorsView.vue'),
    meta: { layout: 'workstation' },
  },
  {
    path: '/video',
    name: 'video',
    component: () => import('../views/VideoAlertsView.vue'),
    meta: { layout: 'workstation' },
  },
  {
    path: '/reports',
    name: 'reports',
    component: () => import('../views/ReportsView.vue'),
    meta: { layout: 'workstation' },
  },
  {
    path: '/drills',
    name: 'drills',
    component: () => import('../views/DrillsView.vue'),
    meta: { layout: 'workstation' },
  },
  {
    path: '/zero-reports',
    name: 'zero-reports',
    component: () => import('../views/ZeroReportsView.vue'),
    meta: { layout: 'workstation' },
  },
  // #/wall (overview), #/wall/map, #/wall/play (the rotation); wall/layout.ts decides what a very wide wall shows.
  {
    path: '/wall/:page(overview|map|play)?',
    name: 'wall',
    component: () => import('../views/WallView.vue'),
    meta: { layout: 'wall' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
