import adapter from '@sveltejs/adapter-node';

// The portal lives in ui/ but belongs to the one Siamo package: SvelteKit runs from the project root
// (where it finds package.json) with its files pointed into ui/.
/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ out: 'ui/build', precompress: true }),
    // The pages' Content-Security-Policy, as a header: SvelteKit adds a nonce for its own inline
    // script to each rendered page, so no other script runs. Styles stay 'unsafe-inline' for the
    // style attributes Svelte sets (the Gantt chart, the statechart). Frames: the previews of
    // documents, from Siamo itself; and no other site may frame a page.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'frame-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
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
