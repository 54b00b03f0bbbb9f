/** The app's pages. Hash history: the server serves static files only, no fallback route needed. */
import { createRouter, createWebHashHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/modeler' },
    { path: '/modeler', component: () => import('./views/ModelerView.vue'), meta: { title: 'Modeler' } },
    {
      path: '/definitions',
      component: () => import('./views/DefinitionsView.vue'),
      meta: { title: 'Processes' },
    },
    { path: '/definitions/:id', component: () => import('./views/DefinitionView.vue'), props: true },
    {
      path: '/instances',
      component: () => import('./views/InstancesView.vue'),
      meta: { title: 'Instances' },
    },
    { path: '/instances/:id', component: () => import('./views/InstanceView.vue'), props: true },
    { path: '/tasks', component: () => import('./views/TasksView.vue'), meta: { title: 'Tasks' } },
    {
      path: '/dashboard',
      component: () => import('./views/DashboardView.vue'),
      meta: { title: 'Dashboard' },
    },
    { path: '/:pathMatch(.*)*', component: () => import('./views/NotFoundView.vue') },
  ],
});
