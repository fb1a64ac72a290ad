import adapter from '@sveltejs/adapter-node';

// The portal lives in ui/ but belongs to the one Siamo package: SvelteKit runs from the project root
// (where it finds package.json) with its files pointed into ui/.
/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ out: 'ui/build', precompress: true }),
    outDir: 'ui/.svelte-kit',
    files: {
      assets: 'ui/static',
      hooks: { server: 'ui/src/hooks.server', client: 'ui/src/hooks.client', universal: 'ui/src/hooks' },
      lib: 'ui/src/lib',
      params: 'ui/src/params',
      routes: 'ui/src/routes',
      serviceWorker: 'ui/src/service-worker',
      appTemplate: 'ui/src/app.html',
      errorTemplate: 'ui/src/error.html',
    },
  },
};
