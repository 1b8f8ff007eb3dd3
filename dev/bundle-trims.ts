import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * What the deployment bundle leaves out of its dependencies, each with the reason it changes
 * nothing Gatehouse does (dev/bundle.ts applies them; `npm run bench -- module-load` prints the
 * size they leave). Every trim is keyed on a file inside a package: when a package moves the file,
 * the trim stops matching and the bundle simply grows again, it never breaks.
 */

/**
 * zod's `locales` namespace holds every language's error messages (half of zod in the bundle);
 * Gatehouse writes its own messages and zod's default is English, so only `en` ships.
 */
export function englishOnlyZodPlugin(): Plugin {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
        contents: 'export { default as en } from "./en.js";',
        resolveDir: path.dirname(args.path),
        loader: 'js',
      }));
    },
  };
}

/**
 * `mime-db` (the media type database behind `mime-types`, which koa uses for `ctx.type`,
 * `ctx.is` and `ctx.accepts` inside oidc-provider; koa's `accepts` brings a second, older copy)
 * ships holding only the entries `mime-types` can ever answer from: the types with file
 * extensions (lookup, extension, contentType) or a charset (charset). Every other entry only
 * feeds packages that are not in the bundle (`compressible`), as does the `compressible` field.
 * Each copy keeps its own data, so every answer stays what it was.
 */
export function slimMimeDbPlugin(): Plugin {
  return {
    name: 'mime-db-slim',
    setup(build) {
      build.onLoad({ filter: /[\\/]mime-db[\\/]db\.json$/ }, (args) => {
        const db = JSON.parse(readFileSync(args.path, 'utf8')) as Record<string, { source?: string; charset?: string; extensions?: string[]; compressible?: boolean }>;
        const slim = Object.fromEntries(
          Object.entries(db)
            .filter(([, entry]) => entry.extensions?.length || entry.charset)
            .map(([type, { compressible: _unused, ...entry }]) => [type, entry]),
        );
        return { contents: JSON.stringify(slim), loader: 'json' };
      });
    },
  };
}

/**
 * `openid-client` and `oidc-provider` each bring their own copy of the same `jose` release; the
 * bundle keeps one (the app's own `jose`, a different major, is left alone). Only an identical
 * version is merged.
 */
export function sharedJosePlugin(root: string): Plugin {
  const versionOf = (dir: string): string | undefined => {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return undefined;
    }
  };
  const providerJose = path.join(root, 'node_modules', 'oidc-provider', 'node_modules', 'jose');
  const clientJose = path.join(root, 'node_modules', 'openid-client', 'node_modules', 'jose');
  const same = versionOf(providerJose) !== undefined && versionOf(providerJose) === versionOf(clientJose);
  return {
    name: 'shared-jose',
    setup(build) {
      if (!same) return;
      build.onResolve({ filter: /^jose(\/.*)?$/ }, async (args) => {
        if (!/[\\/]node_modules[\\/]openid-client[\\/]/.test(args.importer) || args.pluginData === 'shared-jose') return undefined;
        // Resolved as if oidc-provider imported it: the same files, so esbuild includes them once.
        return build.resolve(args.path, { kind: args.kind, resolveDir: path.join(root, 'node_modules', 'oidc-provider', 'lib'), pluginData: 'shared-jose' });
      });
    },
  };
}

/**
 * `@azure/storage-common` carries an Emscripten build of CRC64 (83 KB) for the storage SDKs'
 * opt-in CRC64 content validation, which Gatehouse never asks for (it uploads and reads with the
 * default MD5/none). The module is replaced by one that refuses clearly if that ever changes.
 */
export function noCrc64Plugin(): Plugin {
  return {
    name: 'no-crc64',
    setup(build) {
      build.onLoad({ filter: /[\\/]@azure[\\/]storage-common[\\/]dist[\\/]esm[\\/]crc64\.js$/ }, () => ({
        contents: 'export default function NativeCRC64() { return Promise.reject(new Error("CRC64 content validation is not part of the Gatehouse bundle (dev/bundle-trims.ts)")); }',
        loader: 'js',
      }));
    },
  };
}
