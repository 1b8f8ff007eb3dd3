/**
 * The import rules of the code layout (README "Code layout"; ../shared/STYLE.md): the functional
 * core imports no adapter, function files reach storage only through the composition root, and
 * nothing in src/ imports in a circle. Checked by test/structure/import-rules.test.ts in `npm test`;
 * run by hand with `npx depcruise src --config .dependency-cruiser.cjs`.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is the functional core: no adapters (email, storage, http, functions, deps) and no Azure SDK.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(email|storage|http|functions|deps)/', '^src/config\\.ts$', '(^|/)node_modules/@azure/'] },
    },
    {
      name: 'functions-use-deps-not-storage',
      comment: 'Function files only wire triggers to use cases; they reach Table Storage only through src/deps.',
      severity: 'error',
      from: { path: '^src/functions/' },
      to: { path: '^src/storage/' },
    },
    {
      name: 'text-is-shared-and-pure',
      comment: 'src/text (locale bundles, language choice, escaping) is shared by mails, pages and the console: it imports no adapter.',
      severity: 'error',
      from: { path: '^src/text/' },
      to: { path: ['^src/(email|storage|http|functions|deps)/', '(^|/)node_modules/@azure/'] },
    },
    {
      name: 'no-cycles',
      comment: 'Each file can be read and tested alone: no import cycles in src/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a type from an adapter still ties the core to it.
    exclude: { path: '\\.d\\.ts$' },
  },
};
